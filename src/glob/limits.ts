/** Bounds on one compiled glob (or one list compiled together); each names itself in a refusal. */
export interface GlobLimits {
  /** Characters in one pattern. */
  maxLength: number;
  /** Alternatives a pattern stands for after brace expansion (`{a,b}{c,d}` is 4). */
  maxAlternatives: number;
  /** Automaton states of the whole compiled list: what one match costs per input character. */
  maxStates: number;
}

// Generous for real use (`**/*.{ts,tsx}` is 12 states). A match costs states × input length:
// at these limits about 1 ms for a 255-character name (test/glob/bounds.test.ts).
/** Limits for globs the agent supplies (`search_files`, `directory_tree`). */
export const AGENT_GLOB_LIMITS: GlobLimits = Object.freeze({ maxLength: 1024, maxAlternatives: 64, maxStates: 1024 });

/** Limits for globs the operator wrote (deny, policies, table rules): a config error past them. */
export const OPERATOR_GLOB_LIMITS: GlobLimits = Object.freeze({ maxLength: 4096, maxAlternatives: 1024, maxStates: 65536 });

/** How many `excludePatterns` one call may give. */
export const MAX_EXCLUDE_PATTERNS = 100;

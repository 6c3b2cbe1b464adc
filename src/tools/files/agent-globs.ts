import { z } from 'zod';
import { AGENT_GLOB_LIMITS, MAX_EXCLUDE_PATTERNS, GlobError, compileGlob, globProblem, type GlobMatcher } from '../../glob/index.js';

const AGENT = { limits: AGENT_GLOB_LIMITS } as const;

/** An agent glob: refused at validation (`invalid_input`) when it cannot compile or is over a limit. */
export const agentGlob = z.string().min(1).superRefine((glob, ctx) => {
  const why = globProblem(glob, AGENT);
  if (why) ctx.addIssue({ code: 'custom', message: why });
});

/** `excludePatterns`: at most MAX_EXCLUDE_PATTERNS agent globs, bounded together by `compile` (one automaton). */
export function excludeList(compile: (patterns: readonly string[]) => unknown = agentMatcher) {
  return z.array(z.string())
    .max(MAX_EXCLUDE_PATTERNS, { message: `at most ${MAX_EXCLUDE_PATTERNS} patterns are allowed (limit: excludePatterns count)` })
    .superRefine((patterns, ctx) => {
      try { compile(patterns); } catch (error) {
        if (!(error instanceof GlobError)) throw error;
        ctx.addIssue({ code: 'custom', message: error.message });
      }
    })
    .optional().default([]);
}

/** Compiles agent globs (already validated) with the agent limits. */
export function agentMatcher(patterns: string | readonly string[]): GlobMatcher {
  return compileGlob(patterns, AGENT);
}

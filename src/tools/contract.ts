import type { z } from 'zod';
import type { Logger } from 'pino';
import type { Config } from '../config/types.js';
import type { Permission } from '../policy/permissions.js';

/** The canonical resource a guard hands on: what policies judge and the audit records. */
export interface Resource {
  type: 'file' | 'database' | 'command' | 'none';
  /** Canonical (real) path; for tools with several paths, the first. */
  path?: string;
  /** Every canonical path the call touches (move_file: source and destination). */
  paths?: string[];
  database?: string;
  tables?: string[];
  command?: string;
  args?: string[];
}

/** What a guard returns: the resource for policy and audit, and a plan only the handler reads. */
export interface Guarded<Plan = unknown> {
  resource: Resource;
  plan: Plan;
}

/** What a handler returns; the pipeline caps, audits and renders it. */
export interface ToolOutput {
  structured: Record<string, unknown>;
  text: string;
  /**
   * The exact UTF-8 length of `JSON.stringify(text)`, when the handler measured it while
   * reading (a large text): the result is then sized without serializing the text again.
   */
  textJsonBytes?: number;
  /** Extra content blocks (e.g. an image for read_media_file); text stays first. */
  content?: Array<Record<string, unknown>>;
  /** Bytes read, written or returned, for the audit row. */
  bytes?: number;
  /** Set when the tool ran but failed in a way the agent should see as an error. */
  isError?: boolean;
  /** Facts for the outcome row's `detail` (row counts, changed rows), never the data itself. */
  auditDetail?: Record<string, unknown>;
  /** `unknown` when a write may or may not have happened (e.g. a timed-out statement). */
  outcome?: 'ok' | 'error' | 'timeout' | 'unknown';
}

/** Long-lived state of a session that guards and handlers may read. */
export interface SessionContext {
  readonly config: Config;
  readonly logger: Logger;
  /**
   * Roots the client announced (MCP roots protocol), as absolute paths, or undefined
   * when the client announced none. They may only narrow the configured roots.
   */
  clientRoots(): readonly string[] | undefined;
}

/** Per-call context handed to guard and handler. */
export interface CallContext extends SessionContext {
  readonly signal: AbortSignal;
  readonly callId: string;
}

/**
 * One tool. The pipeline (src/server/pipeline.ts) is the only caller of `guard` and
 * `execute`; neither knows anything of policy, rate limits or audit.
 */
export interface ToolDefinition<Args = any, Plan = any> {
  name: string;
  title?: string;
  description: string;
  permission: Permission;
  inputSchema: z.ZodType<Args>;
  outputSchema: z.ZodObject;
  annotations: {
    readOnlyHint: boolean;
    destructiveHint: boolean;
    idempotentHint: boolean;
    openWorldHint: boolean;
  };
  /** The family's hard boundary: canonicalize the resource or throw a `denied` WardenError. */
  guard(args: Args, ctx: CallContext): Promise<Guarded<Plan>> | Guarded<Plan>;
  /** Bounded execution. Must honour `ctx.signal`. */
  execute(args: Args, plan: Plan, ctx: CallContext): Promise<ToolOutput>;
}

/** A tool family builds its tools once per session, keeping any state in its closure. */
export type ToolFamily = (session: SessionContext) => ToolDefinition[];

/** Guard for tools that touch nothing but the config (list_* tools). */
export const noResource = (): Guarded<undefined> => ({ resource: { type: 'none' }, plan: undefined });

/** Annotations of a tool that only reads the config or its own state. */
export const READ_ONLY_LOCAL = {
  readOnlyHint: true,
  destructiveHint: false,
  idempotentHint: true,
  openWorldHint: false,
} as const;

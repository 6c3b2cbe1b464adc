// A tool family with no server around it, called through the real pipeline (test/helpers/
// pipeline.ts): for guard and handler tests that judge effects on a real tree.
import assert from 'node:assert/strict';
import type { Logger } from 'pino';
import type { Config } from '../../src/config/types.js';
import type { CallContext, SessionContext, ToolDefinition, ToolFamily } from '../../src/tools/contract.js';
import { pipelineCaller } from './pipeline.js';

const silent = { warn() {}, info() {}, debug() {}, error() {}, trace() {}, fatal() {}, child() { return silent; } };

/** A logger that says nothing; warnings go to `warnings` when given. */
export function quietLogger(warnings?: string[]): Logger {
  return { ...silent, warn: (m: string) => { warnings?.push(m); } } as unknown as Logger;
}

export interface SessionOptions {
  /** Roots the client announced (MCP roots); none by default. */
  clientRoots?: () => readonly string[] | undefined;
  /** Collects what the tools log as warnings. */
  warnings?: string[];
}

/** A session for `config` as the server would build it, with a quiet logger. */
export function testSession(config: Config, options: SessionOptions = {}): SessionContext {
  return { config, logger: quietLogger(options.warnings), clientRoots: options.clientRoots ?? (() => undefined) };
}

/**
 * The tools `family` builds for `config`. `guard(name, args)` validates then guards, for
 * what a guard canonicalizes; `call(name, args)` runs the real pipeline (a refusal throws
 * the WardenError the agent was told) and checks the output schema.
 */
export function makeTools(family: ToolFamily, config: Config, options: SessionOptions = {}) {
  const session = testSession(config, options);
  const tools = new Map<string, ToolDefinition>(family(session).map((t) => [t.name, t]));
  const tool = (name: string) => {
    const found = tools.get(name);
    assert.ok(found, `no tool ${name}`);
    return found;
  };
  const ctx = (signal = new AbortController().signal): CallContext => ({ ...session, signal, callId: 'test' });
  async function guard(name: string, args: Record<string, unknown>, signal?: AbortSignal) {
    const t = tool(name);
    return t.guard(t.inputSchema.parse(args), ctx(signal));
  }
  const viaPipeline = pipelineCaller(session);
  async function call(name: string, args: Record<string, unknown>, signal?: AbortSignal) {
    const t = tool(name);
    const out = await viaPipeline(t, args, signal);
    if (!out.isError) t.outputSchema.parse(out.structured);
    return out;
  }
  return { tools, session, guard, call };
}

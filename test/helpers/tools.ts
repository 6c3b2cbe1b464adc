// A tool family called the way the pipeline calls it (validate, guard, execute), with no
// server around it: for guard and handler tests that judge effects on a real tree.
import assert from 'node:assert/strict';
import type { Logger } from 'pino';
import type { Config } from '../../src/config/types.js';
import type { CallContext, SessionContext, ToolDefinition, ToolFamily } from '../../src/tools/contract.js';

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
 * The tools `family` builds for `config`. `guard(name, args)` validates then guards;
 * `call(name, args)` validates, guards, executes and checks the output schema, like the pipeline.
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
  async function call(name: string, args: Record<string, unknown>, signal?: AbortSignal) {
    const t = tool(name);
    const parsed = t.inputSchema.parse(args);
    const c = ctx(signal);
    const guarded = await t.guard(parsed, c);
    const out = await t.execute(parsed, guarded.plan, c);
    t.outputSchema.parse(out.structured);
    return { ...out, resource: guarded.resource };
  }
  return { tools, session, guard, call };
}

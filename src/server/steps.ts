import { WardenError } from '../errors.js';
import { fromZodIssue } from '../config/issues.js';
import type { Config } from '../config/types.js';
import type { PolicyRequest } from '../policy/attributes.js';
import { decide, type Decision } from '../policy/decide.js';
import { rbacGrant, rolesOf } from '../policy/rbac.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { Resource, ToolDefinition, ToolOutput } from '../tools/contract.js';

// The steps of DESIGN §1, each a pure-ish function; src/server/pipeline.ts runs them in order.

/** Step 1: a refusal names the limit and the exact wait. */
export function rateLimit(limiter: RateLimiter, principal: string, tool: string): void {
  const refused = limiter.admit(principal, tool);
  if (!refused) return;
  const which = refused.limit === 'tool' ? `the rate limit for ${tool}` : 'the total rate limit across all tools';
  const { rule } = refused;
  // A limit that never refills has no retry time; JSON would turn Infinity into null.
  const never = !Number.isFinite(refused.retryAfterMs);
  const when = never ? 'this limit does not refill during the session' : `retry in ${refused.retryAfterMs} ms`;
  throw new WardenError('rate_limited', `Rate limited: principal "${principal}" is over ${which} (${rule}); ${when}.`, {
    step: 'rate_limit', rule, ...(never ? {} : { retryAfterMs: refused.retryAfterMs }),
  });
}

/** Step 2: the tool's zod schema; the error names each bad field and what it expects. */
export function validate<A>(tool: ToolDefinition<A>, raw: unknown): A {
  const parsed = tool.inputSchema.safeParse(raw ?? {}, { reportInput: true });
  if (parsed.success) return parsed.data;
  const problems = parsed.error.issues.flatMap((issue) => fromZodIssue(issue, `unknown argument; ${tool.name} takes ${argumentNames(tool)}`));
  const list = problems.map((p) => `${p.path || '(arguments)'}: ${p.message}`).join('; ');
  throw new WardenError('invalid_input', `Invalid arguments for ${tool.name}: ${list}.`, {
    step: 'validate', field: problems[0]?.path,
  });
}

function argumentNames(tool: ToolDefinition): string {
  const shape = (tool.inputSchema as { shape?: Record<string, unknown> }).shape;
  const names = shape ? Object.keys(shape) : [];
  return names.length ? names.join(', ') : 'no arguments';
}

/** The request as policies see it, built from the canonical resource, never from raw input alone. */
export function policyRequest(
  config: Config, tool: ToolDefinition, args: unknown, resource: Resource, client: string | undefined, now = new Date(),
): PolicyRequest {
  const { paths: _paths, ...single } = resource;
  return {
    principal: { id: config.principal, roles: rolesOf(config, config.principal) },
    tool: tool.name,
    action: tool.permission.split(':')[1],
    resource: single,
    args: (args && typeof args === 'object' ? args : {}) as Record<string, unknown>,
    context: { hour: now.getHours(), weekday: now.getDay() },
    client: client ? { name: client } : {},
  };
}

/**
 * RBAC needs no resource, so a principal that lacks the tool's permission is refused
 * before the guard runs: it learns nothing about paths, tables or programs (step 4's
 * implicit deny, taken early).
 */
export function rbacCeiling(config: Config, tool: ToolDefinition): Decision | undefined {
  if (rbacGrant(config, config.principal, tool.permission).allowed) return undefined;
  return decide(config, policyRequest(config, tool, {}, { type: 'none' }, undefined), tool.permission);
}

/** Step 4: RBAC ceiling, ABAC narrowing, judged per canonical path. */
export function authorize(config: Config, tool: ToolDefinition, request: PolicyRequest, resource: Resource): Decision {
  return decide(config, request, tool.permission, resource.paths);
}

/** Step 9: caps the serialized result so an answer can never kill the transport. */
export function respond(output: ToolOutput, maxResultBytes: number) {
  const result = {
    content: [{ type: 'text', text: output.text }, ...(output.content ?? [])],
    structuredContent: output.structured,
    ...(output.isError ? { isError: true } : {}),
  };
  const bytes = Buffer.byteLength(JSON.stringify(result));
  if (bytes > maxResultBytes) {
    throw new WardenError('too_large', `The result is ${bytes} bytes, over the limit of ${maxResultBytes} bytes (limits.maxResultBytes); ask for less (head/tail, a narrower path, maxRows).`, {
      step: 'respond', rule: 'limits.maxResultBytes',
    });
  }
  return { result, bytes };
}

/** A refusal as the agent sees it: text plus `{error: {code, message, ...}}`. */
export function refusal(error: WardenError) {
  return {
    isError: true,
    content: [{ type: 'text', text: error.message }],
    structuredContent: { error: error.toJSON() },
  };
}

import { WardenError } from '../errors.js';
import { excerpt, forPeople } from '../text/for-people.js';
import { fromZodIssue, type Quoting } from '../config/issues.js';
import type { Config } from '../config/types.js';
import type { PolicyRequest } from '../policy/attributes.js';
import { decide, type Decision } from '../policy/decide.js';
import { rbacGrant, rolesOf } from '../policy/rbac.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { Resource, ToolDefinition, ToolOutput } from '../tools/contract.js';

// The pure steps of ARCHITECTURE.md §1, in the order they run; src/server/pipeline.ts
// runs them, with the guard, the question and the audit rows between them.

/** A tools/call result as the agent gets it: an answer (step 9) or a refusal. */
export interface CallResult {
  content: Array<Record<string, unknown>>;
  structuredContent?: Record<string, unknown>;
  isError?: boolean;
}

/** Step 1: a refusal names the limit and the exact wait. */
export function rateLimit(limiter: RateLimiter, principal: string, tool: string): void {
  const refused = limiter.admit(principal, tool);
  if (!refused) return;
  const which = refused.limit === 'tool' ? `the rate limit for ${forPeople(tool, 80)}` : 'the total rate limit across all tools';
  const { rule } = refused;
  // A limit that never refills has no retry time; JSON would turn Infinity into null.
  const never = !Number.isFinite(refused.retryAfterMs);
  const when = never ? 'this limit does not refill during the session' : `retry in ${refused.retryAfterMs} ms`;
  throw new WardenError('rate_limited', `Rate limited: principal "${forPeople(principal, 80)}" is over ${which} (${rule}); ${when}.`, {
    step: 'rate_limit', rule, ...(never ? {} : { retryAfterMs: refused.retryAfterMs }),
  });
}

// An agent's arguments can be megabytes of anything: quoted as bounded, escaped excerpts.
const AGENT_INPUT: Quoting = { value: (v) => excerpt(v), key: (k) => forPeople(k, 80) };

/** Step 2: the tool's zod schema; the error names each bad field and what it expects. */
export function validate<A>(tool: ToolDefinition<A>, raw: unknown): A {
  const parsed = tool.inputSchema.safeParse(raw ?? {}, { reportInput: true });
  if (parsed.success) return parsed.data;
  // A million bad elements are a million issues: the message names the first few.
  const issues = parsed.error.issues;
  const problems = issues.slice(0, MAX_LISTED_PROBLEMS).flatMap((issue) => fromZodIssue(issue, `unknown argument; ${tool.name} takes ${argumentNames(tool)}`, AGENT_INPUT));
  const more = issues.length > MAX_LISTED_PROBLEMS ? `; and ${issues.length - MAX_LISTED_PROBLEMS} more problems` : '';
  const list = problems.slice(0, MAX_LISTED_PROBLEMS).map((p) => `${p.path || '(arguments)'}: ${p.message}`).join('; ');
  throw new WardenError('invalid_input', `Invalid arguments for ${tool.name}: ${list}${more}.`, {
    step: 'validate', field: problems[0]?.path,
  });
}

const MAX_LISTED_PROBLEMS = 5;

function argumentNames(tool: ToolDefinition): string {
  const shape = (tool.inputSchema as { shape?: Record<string, unknown> }).shape;
  const names = shape ? Object.keys(shape) : [];
  return names.length ? names.join(', ') : 'no arguments';
}

/**
 * Step 4's RBAC ceiling, run before step 3: RBAC needs no resource, so a principal that
 * lacks the tool's permission is refused before the guard runs and learns nothing about
 * paths, tables or programs (step 4's implicit deny, taken early).
 */
export function rbacCeiling(config: Config, tool: ToolDefinition): Decision | undefined {
  if (rbacGrant(config, config.principal, tool.permission).allowed) return undefined;
  return decide(config, policyRequest(config, tool, {}, { type: 'none' }, undefined), tool.permission);
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

/** Step 4 under the ceiling: ABAC narrowing of what RBAC grants, judged per canonical path. */
export function authorize(config: Config, tool: ToolDefinition, request: PolicyRequest, resource: Resource): Decision {
  return decide(config, request, tool.permission, resource.paths);
}

/** Step 9: caps the serialized result so an answer can never kill the transport. */
export function respond(output: ToolOutput, maxResultBytes: number): { result: CallResult; bytes: number } {
  const result = {
    content: [{ type: 'text', text: output.text }, ...(output.content ?? [])],
    structuredContent: output.structured,
    ...(output.isError ? { isError: true } : {}),
  };
  const bytes = output.textJsonBytes === undefined ? Buffer.byteLength(JSON.stringify(result)) : sizedWithText(result, output.text, output.textJsonBytes);
  if (bytes > maxResultBytes) {
    throw new WardenError('too_large', `The result is ${bytes} bytes, over the limit of ${maxResultBytes} bytes (limits.maxResultBytes); ask for less (head/tail, a narrower path, maxRows).`, {
      step: 'respond', rule: 'limits.maxResultBytes',
    });
  }
  return { result, bytes };
}

/**
 * The result's serialized size when the text's own JSON size is known: everything else is
 * serialized with the text left empty, and each place that holds the text (the content
 * block, structuredContent.content) adds the measured size instead. Exact, as that is.
 */
function sizedWithText(result: CallResult, text: string, textJsonBytes: number): number {
  let uses = 0;
  const rest = JSON.stringify(result, (_key, value) => {
    if (value !== text) return value;
    uses++;
    return '';
  });
  return Buffer.byteLength(rest) + uses * (textJsonBytes - 2);
}

/** A refusal's message is at most this long; agent input in it is already an excerpt. */
export const MAX_REFUSAL_CHARS = 2000;
/** Each other string of a refusal's structured copy (field, rule, ...) is at most this long. */
const MAX_DETAIL_CHARS = 200;

/**
 * A refusal as the agent sees it: text plus `{error: {code, message, ...}}`. Whatever a
 * step put in it, it stays small and never over `maxResultBytes` (issue 15 §2).
 */
export function refusal(error: WardenError, maxResultBytes = Infinity): CallResult {
  let limit = MAX_REFUSAL_CHARS;
  let detail = boundedDetail(error.toJSON());
  for (;;) {
    const message = cut(error.message, limit);
    const result = {
      isError: true,
      content: [{ type: 'text', text: message }],
      structuredContent: { error: { ...detail, code: error.code, message } },
    };
    const bytes = Buffer.byteLength(JSON.stringify(result));
    if (bytes <= maxResultBytes) return result;
    // A tiny configured limit still gets the code and as much of the sentence as fits:
    // first the sentence shrinks, then the details go, step and rule last.
    if (limit > 0) {
      // The message is there twice; the suffix that says what was cut needs room too.
      limit = Math.max(0, Math.min(limit, message.length) - Math.ceil((bytes - maxResultBytes) / 2) - 32);
      continue;
    }
    const keys = Object.keys(detail).filter((k) => k !== 'code' && k !== 'message');
    if (!keys.length) return result;
    const keep = keys.length > 2 ? ['step', 'rule'] : [];
    detail = Object.fromEntries(Object.entries(detail).filter(([k]) => k === 'code' || k === 'message' || keep.includes(k)));
    limit = MAX_REFUSAL_CHARS;
  }
}

function cut(text: string, limit: number): string {
  if (text.length <= limit) return text;
  let head = text.slice(0, limit);
  if (/[\ud800-\udbff]$/.test(head)) head = head.slice(0, -1);
  return `${head}… (${text.length - head.length} more characters)`;
}

function boundedDetail(json: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(json)) {
    if (typeof value === 'string') out[key] = cut(value, MAX_DETAIL_CHARS);
    else if (value === null || typeof value !== 'object') out[key] = value;
    else {
      // A small structured value is kept as it is; a large one is summarized.
      const json = JSON.stringify(value) ?? '';
      out[key] = json.length <= 5 * MAX_DETAIL_CHARS ? value : cut(json, MAX_DETAIL_CHARS);
    }
  }
  return out;
}

import pino from 'pino';
import { WardenError, toWardenError } from '../errors.js';
import { RateLimiter } from '../limits/rate-limiter.js';
import { buildTools } from '../server/families.js';
import { authorize, policyRequest, rateLimit, rbacCeiling, validate } from '../server/steps.js';
import type { Config } from '../config/types.js';
import { parse, configOption, out, UsageError } from './args.js';
import { configOrExit } from './config.js';
import { forPeople, quotedForPeople } from '../text/for-people.js';
import { jsonLine } from '../text/json-for-people.js';

const EXIT = { allow: 0, deny: 1, ask: 3 } as const;
const STEP_LABEL: Record<string, string> = { rate_limit: '1 rate limit', validate: '2 validate', guard: '3 guard', authorize: '4 authorize' };

/**
 * Steps 1–4 of the pipeline, dry: the same functions the server runs, nothing executed or
 * audited. The arguments are often pasted from what an agent sent: every value and message
 * that carries them is shown through the one renderer (the resource as a lossless JSON line).
 */
export async function explainCall(config: Config, toolName: string, rawArgs: unknown): Promise<{ lines: string[]; effect: keyof typeof EXIT }> {
  const session = { id: 'explain', config, logger: pino({ level: 'silent' }), clientRoots: () => undefined };
  const tool = buildTools(session).get(toolName);
  if (!tool) throw new UsageError(`Unknown tool ${quotedForPeople(toolName, 80)}.`);
  const lines: string[] = [`Tool ${tool.name} needs ${tool.permission}; principal ${quotedForPeople(config.principal, 200)}.`];
  try {
    rateLimit(new RateLimiter(config.rateLimits), config.principal, tool.name);
    lines.push('1 rate limit: admitted (a fresh session has its full budget)');
    const args = validate(tool, rawArgs);
    lines.push('2 validate:   arguments fit the schema');
    const ceiling = rbacCeiling(config, tool);
    if (ceiling) {
      lines.push('3 guard:      not run: no role grants the permission, so nothing about the resource is looked at');
      lines.push(`4 authorize:  deny: ${forPeople(ceiling.reason)}`);
      return { lines, effect: 'deny' };
    }
    const ctx = { ...session, signal: new AbortController().signal, callId: 'explain' };
    const { resource } = await tool.guard(args, ctx);
    lines.push(`3 guard:      passed; canonical resource ${jsonLine(resource)}`);
    const decision = authorize(config, tool, policyRequest(config, tool, args, resource, undefined), resource);
    lines.push(`4 authorize:  ${decision.effect}: ${forPeople(decision.reason)}`);
    if (decision.effect === 'ask') lines.push('5 ask:        the client would be asked; without an answer the call is refused');
    return { lines, effect: decision.effect };
  } catch (error) {
    const e: WardenError = toWardenError(error, 'guard');
    lines.push(`${STEP_LABEL[e.detail.step ?? 'guard'] ?? forPeople(e.detail.step, 40)}: refused (${e.code}): ${forPeople(e.message)}`);
    return { lines, effect: 'deny' };
  }
}

export async function explainCommand(argv: string[]): Promise<number> {
  const { values } = parse(argv, { ...configOption, tool: { type: 'string' }, args: { type: 'string' }, principal: { type: 'string' } });
  if (!values.tool) throw new UsageError('explain needs --tool NAME (and usually --args JSON).');
  let args: unknown = {};
  try {
    args = values.args ? JSON.parse(values.args) : {};
  } catch {
    throw new UsageError('--args must be a JSON object, e.g. --args \'{"path":"README.md"}\'.');
  }
  const loaded = configOrExit(values.config);
  const config = values.principal ? { ...loaded, principal: values.principal } : loaded;
  const { lines, effect } = await explainCall(config, values.tool, args);
  out([...lines, `Decision: ${effect}`].join('\n'));
  return EXIT[effect];
}

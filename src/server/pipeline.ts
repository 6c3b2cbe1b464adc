import { randomUUID } from 'node:crypto';
import { WardenError, toWardenError } from '../errors.js';
import type { Decision } from '../policy/decide.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { AuditEvent, AuditStore } from '../audit/store.js';
import { rateLimit, validate, rbacCeiling, policyRequest, authorize, respond, refusal } from './steps.js';
import type { CallContext, Resource, SessionContext, ToolDefinition } from '../tools/contract.js';
import { cancelledOutcome, cutOffError, type InFlightCalls } from './in-flight.js';

/** The human's answer to an `ask` decision (DESIGN §1 step 5). */
export interface ApprovalAnswer {
  approved: boolean;
  /** `accept`, `decline`, `cancel`, `timeout` or `unsupported`. */
  answer: string;
  /** Why it was not given, in words: "the user declined". */
  reason: string;
}
export type Approver = (request: { tool: string; resource: Resource; decision: Decision }, signal: AbortSignal) => Promise<ApprovalAnswer>;

/** What became of one call, for metrics: never arguments or resources, so label values stay bounded. */
export interface CallReport {
  tool: string;
  /** `allow` when the call ran; otherwise the refusal's error code (`denied`, `rate_limited`, ...). */
  decision: 'allow' | 'deny';
  code?: string;
  outcome?: AuditEvent['outcome'];
  durationMs: number;
  /** An audit row of this call could not be written. */
  auditFailed: boolean;
}

export interface Pipeline {
  session: SessionContext & { id: string };
  limiter: RateLimiter;
  audit: () => Promise<AuditStore>;
  approve: Approver;
  clientName: () => string | undefined;
  /** Told once per call, after its answer is ready (shared mode's metrics). */
  observe?: (report: CallReport) => void;
  /** Calls between their decision row and their outcome row, for shutdown to wait for. */
  calls?: InFlightCalls;
}

/**
 * The one choke point: every tools/call runs here, in the order of DESIGN §1.
 * Nothing executes unless its decision row was written first, and every refusal,
 * at whatever step, is audited and explained.
 */
export async function runPipeline(p: Pipeline, tool: ToolDefinition, rawArgs: unknown, signal: AbortSignal) {
  const { config } = p.session;
  const started = performance.now();
  const base = { session: p.session.id, call: randomUUID(), principal: config.principal, client: p.clientName(), tool: tool.name };
  const ctx: CallContext = { ...p.session, signal, callId: base.call };
  let args: unknown = rawArgs;
  let resource: Resource | undefined;
  let decided = false;
  const report: CallReport = { tool: tool.name, decision: 'deny', durationMs: 0, auditFailed: false };
  const record = async (event: Partial<AuditEvent>) => {
    try {
      return (await p.audit()).append({ ...base, args, resource, kind: 'decision', ...event });
    } catch (error) {
      report.auditFailed = true;
      throw error;
    }
  };
  // One outcome row per call, whoever writes it first: the call itself, or shutdown at its bound.
  let outcomeRow: Promise<void> | undefined;
  const finish = (o: { outcome: AuditEvent['outcome']; bytes?: number; error?: unknown; detail?: unknown }) => {
    if (!outcomeRow) {
      report.outcome = o.outcome;
      outcomeRow = auditOutcome(p, record, { ...o, started });
    }
    return outcomeRow;
  };
  let release: (() => void) | undefined;

  try {
    rateLimit(p.limiter, config.principal, tool.name);
    args = validate(tool, rawArgs);
    let decision = rbacCeiling(config, tool);
    let plan: unknown;
    if (!decision) {
      const guarded = await guard(tool, args, ctx);
      ({ resource, plan } = guarded);
      decision = authorize(config, tool, policyRequest(config, tool, args, guarded.resource, base.client), guarded.resource);
    }
    let approval: string | undefined;
    if (decision.effect === 'ask') ({ decision, approval } = await ask(p.approve, tool, resource!, decision, signal));
    await auditDecision(record, decision, approval);
    decided = true;
    if (decision.effect !== 'allow') {
      report.code = 'denied';
      return refusal(new WardenError('denied', decision.reason, {
        step: approval ? 'ask' : 'authorize', permission: decision.permission, policyId: decision.policyId, implicit: decision.implicit,
      }), config.limits.maxResultBytes);
    }
    report.decision = 'allow';
    release = p.calls?.add(() => finish({ outcome: 'unknown', error: cutOffError().toJSON() }));
    signal.throwIfAborted();
    const output = await tool.execute(args, plan, ctx);
    const { result, bytes } = respond(output, config.limits.maxResultBytes);
    const ended = cancelledOutcome(signal, output.outcome ?? (output.isError ? 'error' : 'ok'));
    await finish({ ...ended, bytes: output.bytes ?? bytes, detail: output.auditDetail });
    return result;
  } catch (thrown) {
    const error = toWardenError(thrown, decided ? 'execute' : 'guard');
    if (!decided) report.code = error.code;
    if (error !== thrown) p.session.logger.error({ err: thrown, tool: tool.name, call: base.call }, 'tool call failed');
    try {
      if (decided) {
        await finish({ error: error.toJSON(), ...cancelledOutcome(signal, error.code === 'timeout' ? 'timeout' : 'error') });
      } else if (error.detail.step !== 'audit') {
        await record({ decision: 'deny', reason: error.message, error: error.toJSON(), detail: { step: error.detail.step } });
      }
    } catch (auditError) {
      p.session.logger.error({ err: auditError, call: base.call }, 'could not record a refusal in the audit log');
    }
    return refusal(error, config.limits.maxResultBytes);
  } finally {
    release?.();
    report.durationMs = performance.now() - started;
    try { p.observe?.(report); } catch { /* metrics never decide a call */ }
  }
}

/** Step 3: guard errors that are not refusals are failures, never a pass. */
async function guard(tool: ToolDefinition, args: unknown, ctx: CallContext) {
  try {
    return await tool.guard(args, ctx);
  } catch (error) {
    throw toWardenError(error, 'guard');
  }
}

/** Step 5: only a clear yes turns `ask` into allow. */
async function ask(approve: Approver, tool: ToolDefinition, resource: Resource, decision: Decision, signal: AbortSignal) {
  let answer: ApprovalAnswer;
  try {
    answer = await approve({ tool: tool.name, resource, decision }, signal);
  } catch {
    answer = { approved: false, answer: 'error', reason: 'asking the user failed' };
  }
  const reason = answer.approved
    ? `${decision.reason} The user approved it.`
    : `Approval required, but ${answer.reason}; policy "${decision.policyId}" asks before this call${decision.message ? ` (${decision.message})` : ''}. The call was not run.`;
  return { decision: { ...decision, effect: answer.approved ? 'allow' : 'deny', reason } as Decision, approval: answer.answer };
}

/** Step 6: a call whose decision cannot be recorded is refused, never run unrecorded. */
async function auditDecision(record: (e: Partial<AuditEvent>) => Promise<number>, decision: Decision, approval?: string) {
  try {
    await record({
      decision: decision.effect, reason: decision.reason,
      detail: { step: approval ? 'ask' : 'authorize', permission: decision.permission, policyId: decision.policyId, implicit: decision.implicit, approval },
    });
  } catch {
    throw new WardenError('failed', 'The audit log could not be written, so the call was not run (fail secure). Check the audit file and `mcp-warden doctor`.', { step: 'audit' });
  }
}

/** Step 8: the outcome row; a failure here is logged loudly, the call already ran. */
async function auditOutcome(
  p: Pipeline, record: (e: Partial<AuditEvent>) => Promise<number>,
  o: { outcome: AuditEvent['outcome']; bytes?: number; error?: unknown; detail?: unknown; started: number },
) {
  try {
    await record({
      kind: 'outcome', outcome: o.outcome, bytes: o.bytes, error: o.error, detail: o.detail,
      durationMs: performance.now() - o.started, args: undefined,
    });
  } catch (error) {
    p.session.logger.error({ err: error }, 'could not record a call outcome in the audit log');
  }
}

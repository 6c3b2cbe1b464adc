import { randomUUID } from 'node:crypto';
import { WardenError, toWardenError, type Step } from '../errors.js';
import type { Config } from '../config/types.js';
import type { Decision } from '../policy/decide.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { AuditEvent, AuditStore } from '../audit/store.js';
import { rateLimit, validate, rbacCeiling, policyRequest, authorize, respond, refusal, type CallResult } from './steps.js';
import type { CallContext, Guarded, Resource, SessionContext, ToolDefinition } from '../tools/contract.js';
import { cancelledOutcome, cutOffError, type InFlightCalls } from './in-flight.js';

/** The human's answer to an `ask` decision (ARCHITECTURE.md §1 step 5). */
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

/** What the pipeline needs from its session: the dependencies every call uses. */
export interface PipelineDeps {
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
 * The one choke point: every tools/call runs here, in the order of ARCHITECTURE.md §1.
 * Nothing with effects executes unless its decision row was written first, nothing's
 * answer is released unrecorded, and every refusal, at whatever step, is audited and explained.
 */
export async function runPipeline(p: PipelineDeps, tool: ToolDefinition, rawArgs: unknown, signal: AbortSignal): Promise<CallResult> {
  const call = openCall(p, tool, signal);
  const end = await steps(p, call, tool, rawArgs).catch((thrown: unknown) => refused(p, call, thrown, rawArgs));
  if (p.observe) {
    try { p.observe(callReport(call, end)); } catch { /* metrics never decide a call */ }
  }
  return end.result;
}

/**
 * The nine steps, in the order they run; each is handed what the one before produced.
 * A step that refuses throws, and `refused` answers for it. Once the decision row is
 * written, the call ends with exactly one outcome row: its own, or shutdown's.
 */
async function steps(p: PipelineDeps, call: Call, tool: ToolDefinition, rawArgs: unknown): Promise<End> {
  const { config } = p.session;
  const { signal } = call.ctx;
  rateLimit(p.limiter, config.principal, tool.name);                                    // 1 rate limit
  const args = validate(tool, rawArgs);                                                 // 2 validate
  // 4 begins before 3: its RBAC ceiling needs no resource, so no guard looks for one.
  const ceiling = rbacCeiling(config, tool);
  if (ceiling) return denied(await auditDecision(p, call, { args, decision: ceiling }), call);
  const { resource, plan } = await guard(tool, args, call.ctx);                         // 3 guard
  const verdict = abac(config, tool, args, resource, call.row.client);                  // 4 authorize
  const decided = verdict.effect === 'ask'                                              // 5 ask
    ? await ask(p.approve, tool, args, resource, verdict, signal)
    : { args, resource, decision: verdict };
  // A call without effects writes its decision with its outcome, in one commit, before its
  // answer is released: nothing leaves unrecorded, and a crash before the commit released nothing.
  const deferred = decided.decision.effect === 'allow' && withoutEffects(tool);
  if (!deferred) await auditDecision(p, call, decided);                                // 6 audit before
  if (decided.decision.effect !== 'allow') return denied(decided, call);
  const finish = outcomeRow(p, call, resource, deferred ? decisionEvent(decided) : undefined);
  const release = p.calls?.add(() => finish({ outcome: 'unknown', error: cutOffError().toJSON() }));
  try {
    signal.throwIfAborted();
    const output = await tool.execute(args, plan, call.ctx);                            // 7 execute
    const { result, bytes } = respond(output, call.maxResultBytes);                     // 9 respond: built first, as 8 records its size
    const ended = cancelledOutcome(signal, output.outcome ?? (output.isError ? 'error' : 'ok'));
    return released(result, await finish({ ...ended, bytes: output.bytes ?? bytes, detail: output.auditDetail }), call);  // 8 audit after
  } catch (thrown) {
    const error = failure(p, call, thrown, 'execute');
    const row = await finish({ error: error.toJSON(), ...cancelledOutcome(signal, error.code === 'timeout' ? 'timeout' : 'error') });
    return released(refusal(error, call.maxResultBytes), row, call);
  } finally {
    release?.();
  }
}

/** Tools whose annotations say they change nothing on disk or in a database. */
const withoutEffects = (tool: ToolDefinition) => tool.annotations.readOnlyHint === true;

/** The answer, unless it waited for rows that could not be written: then it is withheld (fail secure). */
function released(result: CallResult, row: Outcome, call: Call): End {
  if (!row.withheld) return { result, ...row };
  const error = new WardenError('failed', 'The audit log could not be written, so the answer was withheld (fail secure). Check the audit file and `mcp-warden doctor`.', { step: 'audit' });
  return { result: refusal(error, call.maxResultBytes), outcome: 'error', auditFailed: true };
}

/** One call as its audit rows name it, and the context its guard and handler get. */
interface Call {
  row: Pick<AuditEvent, 'session' | 'call' | 'principal' | 'client' | 'tool'>;
  ctx: CallContext;
  started: number;
  maxResultBytes: number;
}

/** What a decision row holds: the arguments only it records, and the resource both rows do. */
interface Decided {
  args: unknown;
  resource?: Resource;
  decision: Decision;
  /** The human's answer, when the decision asked for one. */
  approval?: string;
}

/** How a call ended: its answer, and the facts its metrics report is computed from. */
interface End {
  result: CallResult;
  /** The refusal's code when the call did not run. */
  code?: string;
  outcome?: AuditEvent['outcome'];
  auditFailed: boolean;
}

function openCall(p: PipelineDeps, tool: ToolDefinition, signal: AbortSignal): Call {
  const { config } = p.session;
  const row = { session: p.session.id, call: randomUUID(), principal: config.principal, client: p.clientName(), tool: tool.name };
  return { row, ctx: { ...p.session, signal, callId: row.call }, started: performance.now(), maxResultBytes: config.limits.maxResultBytes };
}

/** A refusal before the decision row, with what its row holds: what the refused step was given. */
class Refused {
  constructor(readonly cause: unknown, readonly args: unknown, readonly resource?: Resource) {}
}

/** Step 3: guard errors that are not refusals are failures, never a pass. */
async function guard(tool: ToolDefinition, args: unknown, ctx: CallContext): Promise<Guarded> {
  try {
    return await tool.guard(args, ctx);
  } catch (error) {
    throw new Refused(toWardenError(error, 'guard'), args);
  }
}

/** Step 4 after the ceiling: policies judge the guard's canonical resource, never raw input alone. */
function abac(config: Config, tool: ToolDefinition, args: unknown, resource: Resource, client: string | undefined): Decision {
  try {
    return authorize(config, tool, policyRequest(config, tool, args, resource, client), resource);
  } catch (error) {
    throw new Refused(error, args, resource);
  }
}

/** Step 5: only a clear yes turns `ask` into allow. */
async function ask(approve: Approver, tool: ToolDefinition, args: unknown, resource: Resource, decision: Decision, signal: AbortSignal): Promise<Decided> {
  let answer: ApprovalAnswer;
  try {
    answer = await approve({ tool: tool.name, resource, decision }, signal);
  } catch {
    answer = { approved: false, answer: 'error', reason: 'asking the user failed' };
  }
  const reason = answer.approved
    ? `${decision.reason} The user approved it.`
    : `Approval required, but ${answer.reason}; policy "${decision.policyId}" asks before this call${decision.message ? ` (${decision.message})` : ''}. The call was not run.`;
  return { args, resource, decision: { ...decision, effect: answer.approved ? 'allow' : 'deny', reason }, approval: answer.answer };
}

type Row = Omit<AuditEvent, keyof Call['row']>;

/** The decision row of a call: its arguments, resource and verdict with the step that decided. */
function decisionEvent({ args, resource, decision, approval }: Decided): Row {
  return {
    kind: 'decision', args, resource, decision: decision.effect, reason: decision.reason,
    detail: { step: approval ? 'ask' : 'authorize', permission: decision.permission, policyId: decision.policyId, implicit: decision.implicit, approval },
  };
}

/** Step 6: a call whose decision cannot be recorded is refused, never run unrecorded. */
async function auditDecision(p: PipelineDeps, call: Call, decided: Decided): Promise<Decided> {
  try {
    await append(p, call, decisionEvent(decided));
  } catch {
    throw new WardenError('failed', 'The audit log could not be written, so the call was not run (fail secure). Check the audit file and `mcp-warden doctor`.', { step: 'audit' });
  }
  return decided;
}

/** A decision other than allow, recorded: the refusal names the step and what decided. */
function denied({ decision, approval }: Decided, call: Call): End {
  const error = new WardenError('denied', decision.reason, {
    step: approval ? 'ask' : 'authorize', permission: decision.permission, policyId: decision.policyId, implicit: decision.implicit,
  });
  return { result: refusal(error, call.maxResultBytes), code: 'denied', auditFailed: false };
}

type OutcomeFields = Pick<AuditEvent, 'outcome' | 'bytes' | 'error' | 'detail'>;
/** The outcome row as written: by the call, or by shutdown before it; `withheld` when the answer must not go out. */
type Outcome = Pick<End, 'outcome' | 'auditFailed'> & { withheld?: boolean };

/**
 * Writes the call's outcome row once, whoever asks first: the call itself, or shutdown at
 * its bound. With `decision`, the decision row goes in the same commit, just before it.
 */
function outcomeRow(p: PipelineDeps, call: Call, resource: Resource, decision?: Row): (o: OutcomeFields) => Promise<Outcome> {
  let written: Promise<Outcome> | undefined;
  return (o) => (written ??= auditOutcome(p, call, resource, o, decision));
}

/**
 * Step 8: the outcome row. A failure is logged loudly: a call with effects already ran
 * and its decision is on disk; one whose decision was to go with it gets its answer withheld.
 */
async function auditOutcome(p: PipelineDeps, call: Call, resource: Resource, o: OutcomeFields, decision?: Row): Promise<Outcome> {
  const outcome: Row = {
    kind: 'outcome', resource, outcome: o.outcome, bytes: o.bytes, error: o.error, detail: o.detail,
    durationMs: performance.now() - call.started,
  };
  try {
    const store = await p.audit();
    if (decision) store.appendAll([{ ...call.row, ...decision }, { ...call.row, ...outcome }]);
    else store.append({ ...call.row, ...outcome });
    return { outcome: o.outcome, auditFailed: false };
  } catch (error) {
    p.session.logger.error({ err: error }, 'could not record a call outcome in the audit log');
    return { outcome: o.outcome, auditFailed: true, withheld: decision !== undefined };
  }
}

/**
 * The one answer to a call refused before it ran, at whatever step: its row holds what
 * the step was given (the arguments as sent, before validation), unless the audit
 * itself is what failed.
 */
async function refused(p: PipelineDeps, call: Call, thrown: unknown, rawArgs: unknown): Promise<End> {
  const { cause, args, resource } = thrown instanceof Refused ? thrown : { cause: thrown, args: rawArgs, resource: undefined };
  const error = failure(p, call, cause, 'guard');
  const auditFailed = error.detail.step === 'audit' || !await auditRefusal(p, call, error, args, resource);
  return { result: refusal(error, call.maxResultBytes), code: error.code, auditFailed };
}

/** A refusal's row; one that cannot be written is logged, the answer stays the refusal. Returns whether it was written. */
async function auditRefusal(p: PipelineDeps, call: Call, error: WardenError, args: unknown, resource: Resource | undefined): Promise<boolean> {
  try {
    await append(p, call, { kind: 'decision', args, resource, decision: 'deny', reason: error.message, error: error.toJSON(), detail: { step: error.detail.step } });
    return true;
  } catch (auditError) {
    p.session.logger.error({ err: auditError, call: call.row.call }, 'could not record a refusal in the audit log');
    return false;
  }
}

/** Anything thrown that is not a WardenError becomes a generic `failed`: its details go to the log, never to the agent. */
function failure(p: PipelineDeps, call: Call, thrown: unknown, step: Step): WardenError {
  const error = toWardenError(thrown, step);
  if (error !== thrown) p.session.logger.error({ err: thrown, tool: call.row.tool, call: call.row.call }, 'tool call failed');
  return error;
}

/** Appends one row of the call; throws when it cannot be written. */
async function append(p: PipelineDeps, call: Call, event: Row): Promise<void> {
  (await p.audit()).append({ ...call.row, ...event });
}

/** The metrics report: computed once, from how the call ended. */
function callReport(call: Call, end: End): CallReport {
  return {
    tool: call.row.tool, decision: end.code === undefined ? 'allow' : 'deny', code: end.code, outcome: end.outcome,
    durationMs: performance.now() - call.started, auditFailed: end.auditFailed,
  };
}

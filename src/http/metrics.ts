import { Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { CallReport } from '../server/pipeline.js';
import { TOOL_PERMISSIONS } from '../tools/names.js';
import { ERROR_CODES } from '../errors.js';

const CODES: ReadonlySet<string> = new Set(ERROR_CODES);
const METHODS = new Set(['api-key', 'jwt']);

// Label values come only from fixed sets: a client choosing tool names must not be
// able to grow the scrape (and the server's memory) without bound.
const toolLabel = (tool: string) => (Object.hasOwn(TOOL_PERMISSIONS, tool) ? tool : 'unknown');
const codeLabel = (code: string | undefined) => (code === undefined ? 'none' : CODES.has(code) ? code : 'other');

/** Why a request was refused before any MCP session saw it. */
export type RefusalStep =
  | 'connections' | 'ip_allow' | 'host' | 'origin' | 'throttle' | 'authenticate'
  | 'body_limit' | 'in_flight' | 'body_timeout' | 'session';

/** Shared mode's Prometheus metrics, in a registry of their own (never prom-client's global one). */
export class Metrics {
  readonly registry = new Registry();
  private readonly calls = new Counter({
    name: 'mcp_warden_tool_calls_total', help: 'Tool calls by tool, decision and refusal code (none when allowed).',
    labelNames: ['tool', 'decision', 'code'] as const, registers: [this.registry],
  });
  private readonly latency = new Histogram({
    name: 'mcp_warden_tool_call_duration_seconds', help: 'Time from a tool call entering the pipeline to its answer.',
    labelNames: ['tool'] as const, buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30], registers: [this.registry],
  });
  private readonly rateLimited = new Counter({
    name: 'mcp_warden_rate_limited_total', help: 'Tool calls refused by a rate limit.', labelNames: ['tool'] as const, registers: [this.registry],
  });
  private readonly auditFailures = new Counter({
    name: 'mcp_warden_audit_write_failures_total', help: 'Audit rows that could not be written.', registers: [this.registry],
  });
  private readonly authFailures = new Counter({
    name: 'mcp_warden_auth_failures_total', help: 'Requests whose credential was missing or refused, by method.',
    labelNames: ['method'] as const, registers: [this.registry],
  });
  private readonly refusals = new Counter({
    name: 'mcp_warden_http_refusals_total', help: 'HTTP requests refused before reaching an MCP session, by step.',
    labelNames: ['step'] as const, registers: [this.registry],
  });
  readonly sessions = new Gauge({ name: 'mcp_warden_sessions', help: 'Open MCP sessions.', registers: [this.registry] });

  /** The pipeline's hook (PipelineDeps.observe): told once per call. */
  readonly observe = (report: CallReport): void => {
    const tool = toolLabel(report.tool);
    this.calls.inc({ tool, decision: report.decision, code: codeLabel(report.code) });
    this.latency.observe({ tool }, report.durationMs / 1000);
    if (report.code === 'rate_limited') this.rateLimited.inc({ tool });
    if (report.auditFailed) this.auditFailures.inc();
  };

  refused(step: RefusalStep, method?: string): void {
    this.refusals.inc({ step });
    if (step === 'authenticate') this.authFailures.inc({ method: method && METHODS.has(method) ? method : 'none' });
  }

  auditWriteFailed(): void {
    this.auditFailures.inc();
  }

  text(): Promise<string> {
    return this.registry.metrics();
  }

  get contentType(): string {
    return this.registry.contentType;
  }
}

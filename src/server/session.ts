import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { RateLimiter } from '../limits/rate-limiter.js';
import type { AuditStore } from '../audit/store.js';
import { rbacGrant } from '../policy/rbac.js';
import { elicitationApprover } from './approval.js';
import { runPipeline, type Approver, type CallReport, type PipelineDeps } from './pipeline.js';
import { toolListing } from './tool-list.js';
import { VERSION } from './version.js';
import type { SessionContext, ToolDefinition } from '../tools/contract.js';
import type { InFlightCalls } from './in-flight.js';

/** A low-level MCP server as every session (stdio or HTTP) presents itself. */
export function newMcpServer(): Server {
  return new Server({ name: 'mcp-warden', version: VERSION }, { capabilities: { tools: { listChanged: false } } });
}

/** What a session uses but does not own: on HTTP these are shared by every session. */
export interface SessionDeps {
  tools: ReadonlyMap<string, ToolDefinition>;
  audit: () => Promise<AuditStore>;
  limiter: RateLimiter;
  observe?: (report: CallReport) => void;
  /** Aborted once no approval answer can arrive any more: a pending question is refused at once. */
  stop: AbortSignal;
  /** Calls that wrote a decision row and no outcome row yet: shutdown waits for them. */
  calls?: InFlightCalls;
}

/**
 * Wires tools/list and tools/call of one MCP session to the pipeline. The session's
 * config decides the principal: tools it can never use are not listed, and calling
 * one anyway is an audited deny. Returns the listed tools.
 */
export function serveTools(server: Server, session: SessionContext & { id: string }, deps: SessionDeps): ToolDefinition[] {
  const { config } = session;
  const approver = elicitationApprover(server, config.approval.timeoutMs);
  const pipeline: PipelineDeps = {
    session, audit: deps.audit, limiter: deps.limiter,
    approve: ((request, signal) => approver(request, AbortSignal.any([signal, deps.stop]))) as Approver,
    clientName: () => server.getClientVersion()?.name,
    ...(deps.observe ? { observe: deps.observe } : {}),
    ...(deps.calls ? { calls: deps.calls } : {}),
  };
  const visible = [...deps.tools.values()].filter((t) => rbacGrant(config, config.principal, t.permission).allowed);
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: visible.map(toolListing) }) as never);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = deps.tools.get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    return (await runPipeline(pipeline, tool, request.params.arguments, extra.signal)) as never;
  });
  return visible;
}

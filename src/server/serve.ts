import { randomUUID } from 'node:crypto';
import { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { CallToolRequestSchema, ErrorCode, ListToolsRequestSchema, McpError } from '@modelcontextprotocol/sdk/types.js';
import type { Config } from '../config/types.js';
import { RateLimiter } from '../limits/rate-limiter.js';
import { rbacGrant } from '../policy/rbac.js';
import { openAudit } from '../audit/open.js';
import { elicitationApprover } from './approval.js';
import { trackClientRoots } from './client-roots.js';
import { createLogger } from './logger.js';
import { runPipeline, type Approver } from './pipeline.js';
import { StdioTransport } from './stdio-transport.js';
import { buildTools } from './families.js';
import { toolListing } from './tool-list.js';
import { warnFilesystem } from '../guards/path-config.js';

export { VERSION } from './version.js';
import { VERSION } from './version.js';

/**
 * Runs one stdio session until stdin ends or SIGTERM: then in-flight calls finish and
 * are audited, and the process exits 0 (DESIGN §1).
 */
export async function serve(config: Config): Promise<void> {
  const logger = createLogger({ level: config.log.level, file: config.log.file });
  const server = new Server({ name: 'mcp-warden', version: VERSION }, { capabilities: { tools: { listChanged: false } } });
  const clientRoots = trackClientRoots(server, logger);
  const session = { id: randomUUID(), config, logger, clientRoots };
  const tools = buildTools(session);
  const audit = openAudit(config, logger);
  // Once stdin is closed no answer can arrive: a pending question is refused at once.
  const inputEnded = new AbortController();
  const approver = elicitationApprover(server, config.approval.timeoutMs);
  const pipeline = {
    session, audit, limiter: new RateLimiter(config.rateLimits),
    approve: ((request, signal) => approver(request, AbortSignal.any([signal, inputEnded.signal]))) as Approver,
    clientName: () => server.getClientVersion()?.name,
  };

  // Tools the principal can never use are not listed; calling one anyway is an audited deny.
  const visible = [...tools.values()].filter((t) => rbacGrant(config, config.principal, t.permission).allowed);
  server.setRequestHandler(ListToolsRequestSchema, async () => ({ tools: visible.map(toolListing) }) as never);
  server.setRequestHandler(CallToolRequestSchema, async (request, extra) => {
    const tool = tools.get(request.params.name);
    if (!tool) throw new McpError(ErrorCode.InvalidParams, `Unknown tool: ${request.params.name}`);
    return (await runPipeline(pipeline, tool, request.params.arguments, extra.signal)) as never;
  });

  for (const warning of warnFilesystem(config)) logger.warn(warning);
  if (!Object.hasOwn(config.users, config.principal)) {
    logger.warn(`principal "${config.principal}" has no entry under "users", so it has no roles and can do nothing`);
  }
  const transport = new StdioTransport();
  let closing = false;
  const shutdown = async (why: string) => {
    if (closing) return;
    closing = true;
    logger.info({ why }, 'shutting down after in-flight calls');
    await transport.drained();
    await server.close().catch(() => {});
    await audit.close();
    process.exit(0);
  };
  transport.oninputend = () => { inputEnded.abort(); void shutdown('stdin closed'); };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await server.connect(transport);
  // The audit store opens on the first call: loading SQLite would only slow tools/list.
  logger.info({ session: session.id, principal: config.principal, tools: visible.length }, 'serving on stdio');
}

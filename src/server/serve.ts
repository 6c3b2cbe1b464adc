import { randomUUID } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import type { Config } from '../config/types.js';
import { RateLimiter } from '../limits/rate-limiter.js';
import { openAudit } from '../audit/open.js';
import { trackClientRoots } from './client-roots.js';
import { createLogger } from './logger.js';
import { StdioTransport } from './stdio-transport.js';
import { buildTools } from './families.js';
import { newMcpServer, serveTools } from './session.js';
import { warnFilesystem } from '../guards/path-config.js';
import { keepYoungGenerationSmall } from './heap.js';
import { InFlightCalls, SHUTDOWN_GRACE_MS } from './in-flight.js';

export { VERSION } from './version.js';

/** Time left for the answers of finished calls to reach stdout, even at the shutdown bound. */
const FLUSH_MS = 200;

/**
 * Runs one stdio session until stdin ends, SIGTERM/SIGINT or the transport closes: then
 * in-flight calls (cancelled ones too) get up to SHUTDOWN_GRACE_MS to finish and be
 * audited, any still running is recorded `unknown`, and the process exits 0 (ARCHITECTURE.md §7).
 */
export async function serve(config: Config): Promise<void> {
  keepYoungGenerationSmall();
  const logger = createLogger({ level: config.log.level, file: config.log.file });
  const server = newMcpServer();
  const clientRoots = trackClientRoots(server, logger);
  const session = { id: randomUUID(), config, logger, clientRoots };
  const tools = buildTools(session);
  const audit = openAudit(config, logger);
  // Once stdin is closed no answer can arrive: a pending question is refused at once.
  const inputEnded = new AbortController();
  const calls = new InFlightCalls();
  const visible = serveTools(server, session, {
    tools, audit, limiter: new RateLimiter(config.rateLimits), stop: inputEnded.signal, calls,
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
    logger.info({ why, running: calls.size }, 'shutting down after in-flight calls');
    const deadline = performance.now() + SHUTDOWN_GRACE_MS;
    const cutOff = await calls.settle(SHUTDOWN_GRACE_MS);
    if (cutOff > 0) logger.warn({ calls: cutOff, graceMs: SHUTDOWN_GRACE_MS }, 'calls still running at the shutdown bound were recorded as unknown');
    await Promise.race([transport.drained(), delay(Math.max(FLUSH_MS, deadline - performance.now()))]);
    await server.close().catch(() => {});
    await audit.close();
    process.exit(0);
  };
  transport.oninputend = () => { inputEnded.abort(); void shutdown('stdin closed'); };
  server.onclose = () => void shutdown('transport closed');
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  await server.connect(transport);
  // The audit store opens on the first call: loading SQLite would only slow tools/list.
  logger.info({ session: session.id, principal: config.principal, tools: visible.length }, 'serving on stdio');
}

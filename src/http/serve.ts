import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Config } from '../config/types.js';
import { createAuthenticator } from '../auth/authenticate.js';
import { protectedResourceMetadata } from '../auth/resource-metadata.js';
import { openAudit } from '../audit/open.js';
import { RateLimiter } from '../limits/rate-limiter.js';
import { warnFilesystem } from '../guards/path-config.js';
import { buildTools } from '../server/families.js';
import { createLogger } from '../server/logger.js';
import { auditCheck, databaseChecks } from './health.js';
import { Metrics } from './metrics.js';
import { refusalRecorder } from './refusals.js';
import { requestHandler } from './server.js';
import { SessionRegistry } from './sessions.js';
import { httpSettings, startupWarnings } from './settings.js';
import { FailureThrottle } from './throttle.js';
import { InFlightBytes } from './body-bytes.js';
import { limitConnections } from './connections.js';
import { keepYoungGenerationSmall } from '../server/heap.js';
import { InFlightCalls, SHUTDOWN_GRACE_MS } from '../server/in-flight.js';

/** A reason not to start, printed as is (exit 1). */
export class StartupError extends Error {}

function listen(server: http.Server, host: string, port: number): Promise<AddressInfo> {
  return new Promise((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => {
      reject(new StartupError(`cannot listen on ${host}:${port}: ${error.code === 'EADDRINUSE' ? 'the port is in use' : error.message}`));
    });
    server.listen(port, host, () => resolve(server.address() as AddressInfo));
  });
}

/**
 * Shared mode (ARCHITECTURE.md §8): MCP Streamable HTTP on /mcp, the same pipeline and audit as
 * stdio, the principal from the credential. Runs until SIGTERM/SIGINT: then it stops
 * accepting, gives in-flight calls up to SHUTDOWN_GRACE_MS to finish and be audited,
 * records any still running as `unknown`, and exits 0.
 */
export async function serveHttp(config: Config, flags: { host?: string; port?: number } = {}): Promise<void> {
  keepYoungGenerationSmall();
  const auth = createAuthenticator(config);
  // There is no anonymous shared mode: without a credential to check, refuse to start.
  if (!auth.enabled) {
    throw new StartupError('serve --http needs authentication: configure auth.apiKeys (make a key with `mcp-warden auth hash-key`) or auth.jwt. There is no anonymous shared mode.');
  }
  const logger = createLogger({ level: config.log.level, file: config.log.file });
  const host = flags.host ?? config.http.host;
  const audit = openAudit(config, logger);
  let auditInode: number | undefined;
  // Opened now, not on the first call: readiness must know whether calls can be recorded.
  try {
    await audit();
    auditInode = fs.statSync(config.auditPath).ino;
  } catch { /* openAudit logged it; readyz reports it and every call is refused */ }

  const metrics = new Metrics();
  const stop = new AbortController();
  const calls = new InFlightCalls();
  // Built once and shared: tools hold no principal, the per-call context carries it.
  const tools = buildTools({ config, logger, clientRoots: () => undefined });
  const sessions = new SessionRegistry({
    config, logger, idleMs: config.http.sessionIdleMs, onChange: (n) => metrics.sessions.set(n),
    deps: { tools, audit, limiter: new RateLimiter(config.rateLimits), observe: metrics.observe, stop: stop.signal, calls },
  });
  const throttle = new FailureThrottle(config.http.failureLimit);
  for (const warning of [...warnFilesystem(config), ...startupWarnings(config, host)]) logger.warn(warning);

  const { headersTimeoutMs, bodyTimeoutMs } = config.http;
  const server = http.createServer({
    headersTimeout: headersTimeoutMs,
    // A backstop behind the body deadline (mcp-endpoint), with room for a slow JWKS fetch in between.
    requestTimeout: headersTimeoutMs + bodyTimeoutMs + 30_000,
    // Node checks both timeouts only this often (30 s by default).
    connectionsCheckingInterval: Math.min(1_000, headersTimeoutMs),
  });
  limitConnections(server, config.http.maxConnectionsPerIp, () => metrics.refused('connections'));
  const address = await listen(server, host, flags.port ?? config.http.port);
  const settings = httpSettings(config, { host, port: address.port });
  const inflight = new Set<Promise<void>>();
  let closing = false;
  server.on('request', requestHandler({
    settings, auth, sessions, throttle, metrics, logger,
    bytes: new InFlightBytes(config.http.maxBodyBytesPerIp),
    refuse: refusalRecorder({ audit, throttle, metrics, logger }),
    maxSessions: config.http.maxSessions,
    metadata: protectedResourceMetadata(config, settings.publicUrl.href),
    closing: () => closing,
    track: (work) => {
      inflight.add(work);
      return work.finally(() => inflight.delete(work));
    },
    ready: async () => [
      { name: 'config', ok: true },
      await auditCheck(audit, config.auditPath, () => auditInode),
      ...(await databaseChecks(config)),
      ...(closing ? [{ name: 'shutdown', ok: false, detail: 'the server is shutting down' }] : []),
    ],
  }));

  const shutdown = async (why: string) => {
    if (closing) return;
    closing = true;
    logger.info({ why, inflight: inflight.size }, 'shutting down after in-flight calls');
    const closed = new Promise<void>((resolve) => server.close(() => resolve()));
    server.closeIdleConnections();
    stop.abort();
    // Requests get the calls' bound too: an event stream (GET /mcp) never ends by itself.
    const requests = (async () => { while (inflight.size > 0) await Promise.allSettled([...inflight]); })();
    await Promise.race([requests, new Promise((resolve) => setTimeout(resolve, SHUTDOWN_GRACE_MS).unref())]);
    // Every call with a decision row gets its outcome row: finished, or `unknown` at the bound.
    const cutOff = await calls.settle(0);
    if (cutOff > 0) logger.warn({ calls: cutOff, graceMs: SHUTDOWN_GRACE_MS }, 'calls still running at the shutdown bound were recorded as unknown');
    await sessions.closeAll();
    server.closeIdleConnections();
    await Promise.race([closed, new Promise((resolve) => setTimeout(resolve, 2_000).unref())]);
    server.closeAllConnections();
    await audit.close();
    process.exit(0);
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
  const listening = `${address.family === 'IPv6' ? `[${address.address}]` : address.address}:${address.port}`;
  logger.info({ host: address.address, port: address.port, url: settings.publicUrl.href, tools: tools.size }, `listening on http://${listening}/mcp`);
}

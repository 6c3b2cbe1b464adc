import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Logger } from 'pino';
import { clientIp } from './client-ip.js';
import { answerPreflight, applyCors } from './cors.js';
import { closeIfUnread, sendJson, setSecurityHeaders } from './headers.js';
import { checkHost, checkOrigin } from './host-origin.js';
import { handleMcp, type McpEndpoint } from './mcp-endpoint.js';
import type { Check } from './health.js';
import type { Metrics } from './metrics.js';

/** Everything the request handler needs, built once the port is known. */
export interface HttpApp extends McpEndpoint {
  metadata: Record<string, unknown>;
  metrics: Metrics;
  ready: () => Promise<Check[]>;
  closing: () => boolean;
  /** Keeps a request that may run a tool call, so shutdown can wait for it. */
  track: (work: Promise<void>) => Promise<void>;
  logger: Logger;
}

const PROBES = new Set(['/healthz', '/readyz', '/metrics']);

function pathOf(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'http://path.invalid').pathname;
  } catch {
    return undefined;
  }
}

const methodNotAllowed = (req: IncomingMessage, res: ServerResponse, allow: string) =>
  sendJson(res, 405, { error: 'method_not_allowed', error_description: `Use ${allow}.` }, { Allow: allow, ...closeIfUnread(req) });

/**
 * Routes one request, checks in this order: IP allowlist → Host/Origin (not for the
 * probes, which kubelets and scrapers call by pod IP) → authentication (headers only)
 * → body limits → the MCP session. Any unexpected error becomes a bare 500: never a stack trace.
 */
export function requestHandler(app: HttpApp) {
  return (req: IncomingMessage, res: ServerResponse): void => {
    const started = performance.now();
    res.once('finish', () => app.logger.debug({ method: req.method, path: pathOf(req.url), status: res.statusCode, ms: Math.round(performance.now() - started) }, 'http request'));
    route(app, req, res).catch((error) => {
      app.logger.error({ err: error, path: pathOf(req.url) }, 'request failed');
      if (!res.headersSent) sendJson(res, 500, { error: 'server_error', error_description: 'The request failed inside the server.' });
      else res.destroy();
    });
  };
}

async function route(app: HttpApp, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const { settings } = app;
  setSecurityHeaders(res, settings.https);
  const ip = clientIp(req, settings.trustProxy) ?? '';
  const path = pathOf(req.url);
  const isMcp = path === '/mcp';
  const allowed = settings.ipAllowed(ip);
  if (!allowed.allowed) {
    if (isMcp) await app.refuse({ step: 'ip_allow', reason: allowed.reason, ip });
    return sendJson(res, 403, { error: 'forbidden', error_description: 'This client address may not use this server.' }, closeIfUnread(req));
  }
  if (path !== undefined && PROBES.has(path)) return probe(app, req, res, path);
  if (!isMcp && !(path !== undefined && settings.metadataPaths.has(path))) {
    return sendJson(res, 404, { error: 'not_found', error_description: 'No such endpoint.' }, closeIfUnread(req));
  }

  const host = checkHost(req.headers.host, settings.hostRules);
  const verdict = host.ok ? checkOrigin(req.headers.origin, settings.allowedOrigins, settings.hostRules) : host;
  if (!verdict.ok) {
    if (isMcp) await app.refuse({ step: host.ok ? 'origin' : 'host', reason: verdict.reason, ip });
    return sendJson(res, 403, { error: 'forbidden', error_description: verdict.reason }, closeIfUnread(req));
  }
  const methods = isMcp ? 'GET, POST, DELETE, OPTIONS' : 'GET, HEAD, OPTIONS';
  if (req.method === 'OPTIONS') return answerPreflight(req, res, settings.corsOrigins, methods);
  applyCors(req, res, settings.corsOrigins);
  if (!isMcp) {
    if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(req, res, methods);
    return sendJson(res, 200, app.metadata);
  }
  if (req.method !== 'GET' && req.method !== 'POST' && req.method !== 'DELETE') return methodNotAllowed(req, res, methods);
  if (app.closing()) {
    return sendJson(res, 503, { error: 'unavailable', error_description: 'The server is shutting down.' }, { Connection: 'close', 'Retry-After': '5' });
  }
  const work = handleMcp(app, req, res, ip);
  // A GET is the session's event stream, open until the session closes: not a call.
  return req.method === 'GET' ? work : app.track(work);
}

/** Liveness, readiness and metrics: no credential (probes cannot send one), still behind the IP allowlist. */
async function probe(app: HttpApp, req: IncomingMessage, res: ServerResponse, path: string): Promise<void> {
  if (req.method !== 'GET' && req.method !== 'HEAD') return methodNotAllowed(req, res, 'GET, HEAD');
  if (path === '/healthz') return sendJson(res, 200, { status: 'ok' });
  if (path === '/readyz') {
    const checks = await app.ready();
    const ok = checks.every((c) => c.ok);
    return sendJson(res, ok ? 200 : 503, { status: ok ? 'ready' : 'not_ready', checks });
  }
  const text = await app.metrics.text();
  res.writeHead(200, { 'Content-Type': app.metrics.contentType, 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

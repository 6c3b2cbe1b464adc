import type { IncomingMessage, ServerResponse } from 'node:http';
import { canonicalOrigin } from './host-origin.js';

const ALLOW_HEADERS = 'authorization, content-type, mcp-session-id, mcp-protocol-version, last-event-id, x-api-key';
const EXPOSE_HEADERS = 'mcp-session-id, www-authenticate';

/** The configured CORS origins, canonical. */
export type CorsOrigins = ReadonlySet<string>;

function allowedOrigin(req: IncomingMessage, origins: CorsOrigins): string | undefined {
  const header = req.headers.origin;
  const origin = header === undefined ? undefined : canonicalOrigin(header);
  return origin && origins.has(origin) ? header : undefined;
}

/**
 * CORS for an actual request: the exact allowed origin is echoed, never `*`, and never
 * with Allow-Credentials (the credential travels in a header the page must set itself).
 */
export function applyCors(req: IncomingMessage, res: ServerResponse, origins: CorsOrigins): void {
  res.setHeader('Vary', 'Origin');
  const origin = allowedOrigin(req, origins);
  if (!origin) return;
  res.setHeader('Access-Control-Allow-Origin', origin);
  res.setHeader('Access-Control-Expose-Headers', EXPOSE_HEADERS);
}

/** Answers a preflight (OPTIONS). Without an allowed origin it carries no CORS header, so the browser refuses. */
export function answerPreflight(req: IncomingMessage, res: ServerResponse, origins: CorsOrigins, methods: string): void {
  applyCors(req, res, origins);
  if (allowedOrigin(req, origins)) {
    res.setHeader('Access-Control-Allow-Methods', methods);
    res.setHeader('Access-Control-Allow-Headers', ALLOW_HEADERS);
    res.setHeader('Access-Control-Max-Age', '600');
  }
  res.writeHead(204, { Allow: methods });
  res.end();
}

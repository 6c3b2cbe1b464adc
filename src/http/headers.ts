import type { IncomingMessage, ServerResponse } from 'node:http';

// The server serves JSON and event streams only, never a page: nothing may be framed,
// sniffed into HTML, cached by a shared cache or embedded by another site.
const SECURITY_HEADERS: ReadonlyArray<[string, string]> = [
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'no-referrer'],
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cache-Control', 'no-store'],
];

/** Sets the security headers every response carries; HSTS only when clients reach us over https. */
export function setSecurityHeaders(res: ServerResponse, https: boolean): void {
  for (const [name, value] of SECURITY_HEADERS) res.setHeader(name, value);
  if (https) res.setHeader('Strict-Transport-Security', 'max-age=31536000; includeSubDomains');
  keepNoStore(res);
}

// The SDK's event streams pass `Cache-Control: no-cache, no-transform` to writeHead, which
// wins over setHeader; no-cache still lets a cache store the stream. Keep no-store, and
// no-transform (a proxy must not buffer or compress an event stream).
function keepNoStore(res: ServerResponse): void {
  const writeHead = res.writeHead.bind(res) as (...args: unknown[]) => ServerResponse;
  res.writeHead = ((...args: unknown[]) => {
    const headers = args.find((a, i) => i > 0 && a !== null && typeof a === 'object' && !Array.isArray(a)) as Record<string, unknown> | undefined;
    for (const name of Object.keys(headers ?? {})) {
      if (name.toLowerCase() !== 'cache-control') continue;
      headers![name] = String(headers![name]).includes('no-transform') ? 'no-store, no-transform' : 'no-store';
    }
    return writeHead(...args);
  }) as ServerResponse['writeHead'];
}

/** A small JSON answer; `extra` headers (WWW-Authenticate, Retry-After, Allow) go with it. */
export function sendJson(res: ServerResponse, status: number, body: unknown, extra: Record<string, string> = {}): void {
  if (res.headersSent) {
    res.end();
    return;
  }
  const text = JSON.stringify(body);
  res.writeHead(status, { ...extra, 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(text) });
  res.end(text);
}

/** A JSON-RPC error without a request id, as the SDK's transport answers HTTP-level faults. */
export function sendRpcError(res: ServerResponse, status: number, code: number, message: string, extra: Record<string, string> = {}): void {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null }, extra);
}

/**
 * `Connection: close` for an answer given before the request's body has arrived: Node
 * would otherwise keep reading and discarding it, on the client's time, to reuse the
 * connection.
 */
export function closeIfUnread(req: IncomingMessage): Record<string, string> {
  const hasBody = (req.headers['content-length'] ?? '0') !== '0' || req.headers['transfer-encoding'] !== undefined;
  return hasBody && !req.complete ? { Connection: 'close' } : {};
}

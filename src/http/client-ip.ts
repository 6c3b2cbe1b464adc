import type { IncomingMessage } from 'node:http';

// One X-Forwarded-For entry: a bare address, `a.b.c.d:port` or `[v6]:port`.
function bareAddress(entry: string): string {
  const bracketed = /^\[([^\]]+)\](?::\d+)?$/.exec(entry);
  if (bracketed) return bracketed[1];
  const v4 = /^(\d{1,3}(?:\.\d{1,3}){3}):\d+$/.exec(entry);
  return v4 ? v4[1] : entry;
}

/**
 * The client's address. The socket peer unless `trustProxy`: then the last
 * X-Forwarded-For entry, the one the proxy in front appended itself (earlier entries
 * are whatever the client chose to send). Without a proxy, trusting the header would
 * let anyone pick their address and walk past the allowlist.
 */
export function clientIp(req: IncomingMessage, trustProxy: boolean): string | undefined {
  if (trustProxy) {
    const header = req.headers['x-forwarded-for'];
    const last = (Array.isArray(header) ? header.join(',') : header ?? '').split(',').map((s) => s.trim()).filter(Boolean).at(-1);
    if (last) return bareAddress(last);
  }
  return req.socket.remoteAddress;
}

/** A Host header or allowlist entry, normalized: lower case, no trailing dot, IPv6 in brackets. */
export interface HostName {
  name: string;
  port?: number;
}

/** A check's result: pass, or the reason for the 403. */
export type Verdict = { ok: true } | { ok: false; reason: string };

// RFC 3986 reg-name (letters, digits, dot, hyphen), a dotted IPv4, or an IPv6 literal in
// brackets; an optional port. Nothing else: no userinfo, no spaces, no second host.
const HOST = /^(\[[0-9a-f:.]+\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*)(?::(\d{1,5}))?$/;

/**
 * Parses a Host header value (or an `http.allowedHosts` entry). One trailing dot (the
 * absolute DNS form) is dropped, so `localhost.` is `localhost`; anything that is not a
 * plain host[:port] is refused (undefined).
 */
export function parseHost(value: string): HostName | undefined {
  const match = HOST.exec(value.trim().toLowerCase().replace(/\.(?=(:\d+)?$)/, ''));
  if (!match) return undefined;
  const port = match[2] === undefined ? undefined : Number(match[2]);
  if (port !== undefined && (port < 1 || port > 65535)) return undefined;
  return { name: match[1], port };
}

/** What a Host header may name: loopback at the listening port, the public URL's host, extras. */
export interface HostRules {
  listenPort: number;
  publicUrl: URL;
  extra: readonly HostName[];
}

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);
const defaultPort = (protocol: string) => (protocol === 'https:' ? 443 : 80);

/**
 * The DNS-rebinding check (MCP transport spec, "Security Warning"): a browser tricked
 * into resolving evil.example to 127.0.0.1 still sends `Host: evil.example`, so only
 * names this server is known by pass.
 */
export function checkHost(header: string | undefined, rules: HostRules): Verdict {
  if (!header) return { ok: false, reason: 'the request has no Host header' };
  const host = parseHost(header);
  if (!host) return { ok: false, reason: `the Host header ${JSON.stringify(header.slice(0, 100))} is not a plain host[:port]` };
  // Loopback is served over plain http at the port we actually listen on.
  if (LOOPBACK.has(host.name) && (host.port ?? 80) === rules.listenPort) return { ok: true };
  const pub = rules.publicUrl;
  const pubPort = pub.port ? Number(pub.port) : defaultPort(pub.protocol);
  if (host.name === pub.hostname.replace(/\.$/, '') && (host.port ?? defaultPort(pub.protocol)) === pubPort) return { ok: true };
  for (const rule of rules.extra) {
    if (host.name === rule.name && (rule.port === undefined || rule.port === host.port)) return { ok: true };
  }
  return { ok: false, reason: `Host ${JSON.stringify(header.slice(0, 100))} is not this server's name (publicUrl, localhost or http.allowedHosts)` };
}

const ORIGIN = /^[a-z][a-z0-9+.-]*:\/\/[^/?#@\s\\]+$/i;

/** `scheme://host[:port]` in canonical form, or undefined when the text is not exactly an origin. */
export function canonicalOrigin(value: string): string | undefined {
  if (!ORIGIN.test(value)) return undefined;
  try {
    const url = new URL(value);
    return url.origin === 'null' ? undefined : url.origin;
  } catch {
    return undefined;
  }
}

/**
 * A request from a web page carries its Origin; only this server's own origins and the
 * configured CORS origins may drive it. Our own are the public URL's and, as the Host
 * check has it, plain-http loopback at the listening port (`localhost`, `127.0.0.1`,
 * `[::1]`): the same server by another name, as the MCP DNS-rebinding conformance check
 * expects. No Origin (a non-browser client) passes.
 */
export function checkOrigin(header: string | undefined, allowed: ReadonlySet<string>, rules: Pick<HostRules, 'listenPort'>): Verdict {
  if (header === undefined) return { ok: true };
  const origin = canonicalOrigin(header);
  if (origin && (allowed.has(origin) || isLoopbackOrigin(origin, rules.listenPort))) return { ok: true };
  return { ok: false, reason: `Origin ${JSON.stringify(header.slice(0, 100))} is not allowed (publicUrl origin, loopback at this port, or http.cors.origins)` };
}

// `origin` is canonical (URL.origin): lower-case host, default port dropped, IPv6 bracketed.
function isLoopbackOrigin(origin: string, listenPort: number): boolean {
  const url = new URL(origin);
  return url.protocol === 'http:' && LOOPBACK.has(url.hostname.replace(/\.$/, '')) && Number(url.port || 80) === listenPort;
}

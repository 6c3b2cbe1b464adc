import { z } from 'zod';
import { section, positiveInt, TokenBucketLimit } from './common.js';

const MiB = 1024 * 1024;

// CIDRs, CORS origins and allowed hosts are checked at start-up by the http domain
// (`checkHttpEntries`); the schema only says they are strings.
const PublicUrl = z.string().superRefine((value, ctx) => {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    ctx.addIssue({ code: 'custom', message: 'expected an absolute http(s) URL' });
    return;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') ctx.addIssue({ code: 'custom', message: 'expected an http or https URL' });
  if (url.username || url.password || url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'expected a URL without credentials, query or fragment' });
});

/** The HTTP listener of shared mode, ARCHITECTURE.md §8. Unused on stdio. */
export const Http = section({
  host: z.string().min(1).default('127.0.0.1'),
  port: z.int().min(0).max(65535).default(8787),
  /** The MCP endpoint as clients reach it (default http://HOST:PORT/mcp): OAuth metadata and the Host/Origin checks use it. */
  publicUrl: PublicUrl.optional(),
  /** Further Host header values accepted; without a port, any port. */
  allowedHosts: z.array(z.string()).default([]),
  cors: section({ origins: z.array(z.string()).default([]) }).prefault({}),
  /** Client addresses allowed to connect at all (CIDR); loopback only by default. */
  ipAllow: z.array(z.string()).default(['127.0.0.0/8', '::1/128']),
  maxBodyBytes: positiveInt.default(MiB),
  /** The most of an unauthenticated request's body that is read (so its audit row can name the tool); a longer one gets its 401 unread, and the connection is closed. */
  preAuthBodyBytes: positiveInt.default(8 * 1024),
  /** A request body must arrive whole within this many milliseconds of its headers, else 408 and the connection is closed. */
  bodyTimeoutMs: positiveInt.default(10_000),
  /** Request headers must arrive whole within this many milliseconds, else 408 and the connection is closed. */
  headersTimeoutMs: positiveInt.default(10_000),
  /** Open connections from one peer address at most (behind a proxy: the proxy's); past it a new connection is closed unread. */
  maxConnectionsPerIp: positiveInt.default(256),
  /** Request body bytes buffered at once for one client address at most; a body past it gets 429 before it is read. */
  maxBodyBytesPerIp: positiveInt.default(8 * MiB),
  /** Take the client address from X-Forwarded-For (the entry the proxy in front appended). Only behind a trusted proxy. */
  trustProxy: z.boolean().default(false),
  /** A session with no request for this long is closed. */
  sessionIdleMs: positiveInt.default(30 * 60_000),
  /** Open MCP sessions at most; an initialize beyond it gets 503. */
  maxSessions: positiveInt.default(256),
  /** Refused requests before authentication (bad credential, Host, Origin, size) per client address before 429. */
  failureLimit: TokenBucketLimit.default({ capacity: 20, refillPerSecond: 0.2 }),
}).superRefine((http, ctx) => {
  // Otherwise a body the size limit admits could never be read.
  if (http.maxBodyBytesPerIp < http.maxBodyBytes) {
    ctx.addIssue({ code: 'custom', path: ['maxBodyBytesPerIp'], message: `expected at least http.maxBodyBytes (${http.maxBodyBytes})`, input: http.maxBodyBytesPerIp });
  }
});

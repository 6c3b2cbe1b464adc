import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { AuthFailure, Authenticator } from '../auth/authenticate.js';
import { calledTool, parseJson, readBody, type BodyFailure } from './body.js';
import { credentialHeaders } from './credential-headers.js';
import { closeIfUnread, sendJson, sendRpcError } from './headers.js';
import { identityKey } from './identity-config.js';
import type { Refusal } from './refusals.js';
import type { SessionRegistry } from './sessions.js';
import type { HttpSettings } from './settings.js';
import type { FailureThrottle } from './throttle.js';
import type { BodyBudget, InFlightBytes } from './body-bytes.js';

/** What /mcp needs: the settings, the authenticator, the sessions, the refusal and byte budgets. */
export interface McpEndpoint {
  settings: HttpSettings;
  auth: Authenticator;
  sessions: SessionRegistry;
  throttle: FailureThrottle;
  bytes: InFlightBytes;
  refuse: (refusal: Refusal) => Promise<void>;
  maxSessions: number;
}

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
const isInitialize = (body: unknown) => (Array.isArray(body) ? body : [body]).some((m) => isInitializeRequest(m));
// The rest of a body that was not read: the connection cannot carry another request.
const CLOSE = { Connection: 'close' };

/**
 * /mcp once the address, Host and Origin have passed: throttle, authentication on the
 * headers alone, then the body (bounded in size, time and the address's bytes in
 * flight), then the caller's own session. The principal comes from the credential
 * alone; a session answers only to the identity that opened it.
 */
export async function handleMcp(e: McpEndpoint, req: IncomingMessage, res: ServerResponse, ip: string): Promise<void> {
  const sessionId = single(req.headers['mcp-session-id']);
  const wait = e.throttle.retryAfterMs(ip);
  if (wait > 0) {
    const seconds = Number.isFinite(wait) ? Math.ceil(wait / 1000) : 3600;
    await e.refuse({ step: 'throttle', reason: `too many refused requests from ${ip}; retry in ${seconds} s (http.failureLimit)`, ip, session: sessionId });
    return sendJson(res, 429, { error: 'too_many_requests', error_description: `Too many refused requests from this address; retry in ${seconds} s.` }, { 'Retry-After': String(seconds), ...closeIfUnread(req) });
  }
  const budget = e.bytes.open(ip);
  res.once('close', budget.release);

  const outcome = await e.auth.authenticate(credentialHeaders(req));
  if (!outcome.ok) return refuseUnauthenticated(e, req, res, { ip, session: sessionId, budget }, outcome);
  const { identity } = outcome;
  const who = { ip, method: identity.method, principal: identity.principal, session: sessionId };

  let body: unknown;
  let parsed = true;
  if (req.method === 'POST') {
    const read = await readBody(req, { maxBytes: e.settings.maxBodyBytes, timeoutMs: e.settings.bodyTimeoutMs, budget });
    if (!read.ok) return refuseBody(e, res, read.why, who);
    const json = parseJson(read.body);
    parsed = json.ok;
    if (json.ok) body = json.value;
  }
  if (!parsed) return sendRpcError(res, 400, -32700, 'Parse error: Invalid JSON');

  if (sessionId !== undefined) {
    const session = e.sessions.get(sessionId);
    if (!session) return sendRpcError(res, 404, -32001, 'Session not found');
    if (session.owner !== identityKey(identity)) {
      // Answered exactly like an unknown id: the caller learns nothing about whose session it is.
      await e.refuse({ ...who, step: 'session', reason: 'the session belongs to another identity; refused as an unknown session', tool: calledTool(body) });
      return sendRpcError(res, 404, -32001, 'Session not found');
    }
    return e.sessions.handle(session, req, res, body);
  }
  if (req.method !== 'POST' || !isInitialize(body)) return sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
  if (e.sessions.size >= e.maxSessions) return sendRpcError(res, 503, -32000, 'Too many open sessions; retry later.', { 'Retry-After': '30' });
  const session = await e.sessions.open(identity);
  return e.sessions.handle(session, req, res, body);
}

/**
 * 401/403 for a caller who is nobody. At most `preAuthBodyBytes` of the body are read,
 * so the audit row can name the tool it tried; a longer body is never read, and the
 * connection closes after the answer instead of waiting for it.
 */
async function refuseUnauthenticated(
  e: McpEndpoint, req: IncomingMessage, res: ServerResponse,
  from: { ip: string; session?: string; budget: BodyBudget }, outcome: AuthFailure,
): Promise<void> {
  const read = req.method === 'POST'
    ? await readBody(req, { maxBytes: e.settings.preAuthBodyBytes, timeoutMs: e.settings.bodyTimeoutMs, budget: from.budget })
    : undefined;
  if (read && !read.ok && read.why === 'aborted') return void res.destroy();
  const json = read?.ok ? parseJson(read.body) : undefined;
  await e.refuse({ step: 'authenticate', reason: outcome.reason, ip: from.ip, tool: json?.ok ? calledTool(json.value) : undefined, method: outcome.method, session: from.session });
  return sendJson(res, outcome.status, { error: outcome.error, error_description: outcome.reason }, {
    'WWW-Authenticate': e.auth.challenge(outcome, e.settings.resourceMetadataUrl),
    ...(read?.ok ? {} : closeIfUnread(req)),
  });
}

/** The answer to a body that could not be used; the rest of it is never read. */
async function refuseBody(
  e: McpEndpoint, res: ServerResponse, why: BodyFailure,
  who: { ip: string; method: string; principal: string; session?: string },
): Promise<void> {
  const { settings } = e;
  if (why === 'aborted') return void res.destroy();
  if (why === 'too_large') {
    await e.refuse({ ...who, step: 'body_limit', reason: `the request body is over http.maxBodyBytes (${settings.maxBodyBytes} bytes)` });
    return sendJson(res, 413, { error: 'payload_too_large', error_description: `The request body is over ${settings.maxBodyBytes} bytes.` }, CLOSE);
  }
  if (why === 'busy') {
    await e.refuse({ ...who, step: 'in_flight', reason: `more than ${e.bytes.perAddress} request body bytes in flight from ${who.ip} (http.maxBodyBytesPerIp)` });
    return sendJson(res, 429, {
      error: 'too_many_requests',
      error_description: `More than ${e.bytes.perAddress} request body bytes in flight from this address (http.maxBodyBytesPerIp); retry when earlier requests finish.`,
    }, { ...CLOSE, 'Retry-After': '1' });
  }
  await e.refuse({ ...who, step: 'body_timeout', reason: `the request body did not arrive within http.bodyTimeoutMs (${settings.bodyTimeoutMs} ms)` });
  return sendJson(res, 408, { error: 'request_timeout', error_description: `The request body did not arrive within ${settings.bodyTimeoutMs} ms.` }, CLOSE);
}

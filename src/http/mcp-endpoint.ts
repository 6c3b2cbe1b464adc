import type { IncomingMessage, ServerResponse } from 'node:http';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import type { Authenticator } from '../auth/authenticate.js';
import { calledTool, parseJson, readBody } from './body.js';
import { sendJson, sendRpcError } from './headers.js';
import { identityKey } from './identity-config.js';
import type { Refusal } from './refusals.js';
import type { SessionRegistry } from './sessions.js';
import type { HttpSettings } from './settings.js';
import type { FailureThrottle } from './throttle.js';

/** What /mcp needs: the settings, the authenticator, the sessions and the refusal budget. */
export interface McpEndpoint {
  settings: HttpSettings;
  auth: Authenticator;
  sessions: SessionRegistry;
  throttle: FailureThrottle;
  refuse: (refusal: Refusal) => Promise<void>;
  maxSessions: number;
}

const single = (value: string | string[] | undefined) => (typeof value === 'string' ? value : undefined);
const isInitialize = (body: unknown) => (Array.isArray(body) ? body : [body]).some((m) => isInitializeRequest(m));

/**
 * /mcp once the address, Host and Origin have passed: throttle, body limit,
 * authentication, then the caller's own session. The principal comes from the
 * credential alone; a session answers only to the identity that opened it.
 */
export async function handleMcp(e: McpEndpoint, req: IncomingMessage, res: ServerResponse, ip: string): Promise<void> {
  const sessionId = single(req.headers['mcp-session-id']);
  const wait = e.throttle.retryAfterMs(ip);
  if (wait > 0) {
    const seconds = Number.isFinite(wait) ? Math.ceil(wait / 1000) : 3600;
    await e.refuse({ step: 'throttle', reason: `too many refused requests from ${ip}; retry in ${seconds} s (http.failureLimit)`, ip, session: sessionId });
    return sendJson(res, 429, { error: 'too_many_requests', error_description: `Too many refused requests from this address; retry in ${seconds} s.` }, { 'Retry-After': String(seconds) });
  }

  let body: unknown;
  let parsed = true;
  if (req.method === 'POST') {
    const read = await readBody(req, e.settings.maxBodyBytes);
    if (!read.ok) {
      if (read.why === 'aborted') return void res.destroy();
      await e.refuse({ step: 'body_limit', reason: `the request body is over http.maxBodyBytes (${e.settings.maxBodyBytes} bytes)`, ip, session: sessionId });
      // The rest of the body was never read: the connection cannot carry another request.
      return sendJson(res, 413, { error: 'payload_too_large', error_description: `The request body is over ${e.settings.maxBodyBytes} bytes.` }, { Connection: 'close' });
    }
    const json = parseJson(read.body);
    parsed = json.ok;
    if (json.ok) body = json.value;
  }

  // Raw header values: a repeated credential header is refused there, not silently merged here.
  const outcome = await e.auth.authenticate({ authorization: req.headers.authorization, 'x-api-key': req.headers['x-api-key'] });
  if (!outcome.ok) {
    await e.refuse({ step: 'authenticate', reason: outcome.reason, ip, tool: calledTool(body), method: outcome.method, session: sessionId });
    return sendJson(res, outcome.status, { error: outcome.error, error_description: outcome.reason }, {
      'WWW-Authenticate': e.auth.challenge(outcome, e.settings.resourceMetadataUrl),
    });
  }
  const { identity } = outcome;
  if (!parsed) return sendRpcError(res, 400, -32700, 'Parse error: Invalid JSON');

  if (sessionId !== undefined) {
    const session = e.sessions.get(sessionId);
    if (!session) return sendRpcError(res, 404, -32001, 'Session not found');
    if (session.owner !== identityKey(identity)) {
      // Answered exactly like an unknown id: the caller learns nothing about whose session it is.
      await e.refuse({
        step: 'session', reason: 'the session belongs to another identity; refused as an unknown session',
        ip, tool: calledTool(body), method: identity.method, principal: identity.principal, session: sessionId,
      });
      return sendRpcError(res, 404, -32001, 'Session not found');
    }
    return e.sessions.handle(session, req, res, body);
  }
  if (req.method !== 'POST' || !isInitialize(body)) return sendRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
  if (e.sessions.size >= e.maxSessions) return sendRpcError(res, 503, -32000, 'Too many open sessions; retry later.', { 'Retry-After': '30' });
  const session = await e.sessions.open(identity);
  return e.sessions.handle(session, req, res, body);
}

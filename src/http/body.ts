import type { IncomingMessage } from 'node:http';
import type { BodyBudget } from './body-bytes.js';

/** Why there is no body to use: over the size limit, over the address's budget, too slow, or the client left. */
export type BodyFailure = 'too_large' | 'busy' | 'timeout' | 'aborted';

/** The body, or why there is none to use. */
export type BodyResult = { ok: true; body: Buffer } | { ok: false; why: BodyFailure };

/** How much of a body may be read, how long it may take, and whose byte budget it is read against. */
export interface BodyLimits {
  maxBytes: number;
  timeoutMs: number;
  budget: BodyBudget;
}

/**
 * Reads a request body up to `maxBytes` within `timeoutMs`. A declared Content-Length
 * over the limit or over the budget is refused before one byte is read (the whole
 * length is reserved up front); a chunked body is reserved as it arrives and refused
 * the moment it grows past either. On failure the rest is never read: the caller
 * answers with `Connection: close`.
 */
export function readBody(req: IncomingMessage, limits: BodyLimits): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > limits.maxBytes)) {
    return Promise.resolve({ ok: false, why: 'too_large' });
  }
  const upFront = declared !== undefined;
  if (upFront && !limits.budget.take(Number(declared))) return Promise.resolve({ ok: false, why: 'busy' });
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    // A trickling body holds its budget and its socket: it gets a deadline, not an idle timer.
    const timer = setTimeout(() => finish({ ok: false, why: 'timeout' }), limits.timeoutMs);
    const finish = (result: BodyResult) => {
      clearTimeout(timer);
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limits.maxBytes) finish({ ok: false, why: 'too_large' });
      else if (!upFront && !limits.budget.take(chunk.length)) finish({ ok: false, why: 'busy' });
      else chunks.push(chunk);
    };
    const onEnd = () => finish({ ok: true, body: Buffer.concat(chunks, size) });
    const onError = () => finish({ ok: false, why: 'aborted' });
    const onClose = () => { if (!req.complete) finish({ ok: false, why: 'aborted' }); };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onError);
    req.on('close', onClose);
  });
}

/** The JSON of a body, or undefined when it is not JSON (the caller answers a parse error). */
export function parseJson(body: Buffer): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(body.toString('utf8')) };
  } catch {
    return { ok: false };
  }
}

const MAX_TOOL_NAME = 128;

/** The tool a JSON-RPC body calls (first tools/call of a batch), for the audit row of a refused request. */
export function calledTool(message: unknown): string | undefined {
  for (const m of Array.isArray(message) ? message : [message]) {
    const name = (m as { method?: unknown; params?: { name?: unknown } } | null)?.params?.name;
    if ((m as { method?: unknown } | null)?.method === 'tools/call' && typeof name === 'string') return name.slice(0, MAX_TOOL_NAME);
  }
  return undefined;
}

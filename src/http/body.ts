import type { IncomingMessage } from 'node:http';

/** The body, or why there is none to use. */
export type BodyResult = { ok: true; body: Buffer } | { ok: false; why: 'too_large' | 'aborted' };

/**
 * Reads a request body up to `limit` bytes. A declared Content-Length over the limit
 * is refused before one byte is read; a chunked body is refused the moment it grows
 * past it (the rest is never buffered).
 */
export function readBody(req: IncomingMessage, limit: number): Promise<BodyResult> {
  const declared = req.headers['content-length'];
  if (declared !== undefined && (!/^\d+$/.test(declared) || Number(declared) > limit)) {
    return Promise.resolve({ ok: false, why: 'too_large' });
  }
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const finish = (result: BodyResult) => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onError);
      req.off('close', onClose);
      if (!result.ok) req.pause();
      resolve(result);
    };
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) finish({ ok: false, why: 'too_large' });
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

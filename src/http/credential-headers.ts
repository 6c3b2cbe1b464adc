import type { IncomingMessage } from 'node:http';
import type { CredentialHeaders } from '../auth/authenticate.js';

const NAMES = new Set<string>(['authorization', 'x-api-key']);

/**
 * The credential headers as they came over the wire, every occurrence in any casing.
 * `req.headers` keeps only the first Authorization and joins repeated X-API-Key values
 * with ", ", so a proxy that reads the last one could act for someone else than we
 * do; from the raw headers a repeat stays a list, which authentication refuses.
 */
export function credentialHeaders(req: IncomingMessage): CredentialHeaders {
  const seen: Record<string, string[]> = {};
  const raw = req.rawHeaders;
  for (let i = 0; i + 1 < raw.length; i += 2) {
    const name = raw[i].toLowerCase();
    if (NAMES.has(name)) (seen[name] ??= []).push(raw[i + 1]);
  }
  const one = (values: string[] | undefined) => (values === undefined ? undefined : values.length === 1 ? values[0] : values);
  return { authorization: one(seen.authorization), 'x-api-key': one(seen['x-api-key']) };
}

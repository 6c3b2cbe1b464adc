import { z } from 'zod';
import { section, record } from './common.js';
import { ASYMMETRIC_ALGORITHMS, DEFAULT_ALGORITHMS } from '../vocabulary.js';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

// A string for the parser (the auth domain explains at start-up why "none" or HS256 is
// refused); the list for editors.
const Algorithm = z.string().meta({ enum: [...ASYMMETRIC_ALGORITHMS] });

// Keys are fetched over TLS: a JWKS fetched in the clear lets anyone on the path swap the keys.
const JwksUrl = z.string().superRefine((value, ctx) => {
  let url: URL | undefined;
  try { url = new URL(value); } catch { /* reported below */ }
  const ok = url && (url.protocol === 'https:' || (url.protocol === 'http:' && LOOPBACK.has(url.hostname)));
  if (!ok) ctx.addIssue({ code: 'custom', message: 'expected an https URL (http only for localhost, 127.0.0.1 or ::1)' });
}).meta({ format: 'uri' });

// The raw key must never reach a config file, nor an error message that echoes one.
const Hash = z.string().superRefine((value, ctx) => {
  if (/^sha256:[0-9a-f]{64}$/.test(value)) return;
  const message = value.startsWith('mw_')
    ? 'this looks like the key itself: store only its hash (mcp-warden auth hash-key --stdin prints it), and treat the key as leaked'
    : 'expected "sha256:" and 64 lowercase hex digits, as mcp-warden auth hash-key prints it';
  ctx.addIssue({ code: 'custom', message, input: undefined });
}).meta({ pattern: '^sha256:[0-9a-f]{64}$' });

export const ApiKey = section({
  hash: Hash,
  principal: z.string().min(1),
});

const Name = z.string().min(1);

export const Jwt = section({
  issuer: Name,
  /** Required (checked at load, where a missing value gets a plain message rather than a union's). */
  audience: z.union([Name, z.array(Name).min(1)]).optional(),
  /** Allowlist of token algorithms; asymmetric only. */
  algorithms: z.array(Algorithm).min(1).default(() => [...DEFAULT_ALGORITHMS]),
  /** Exactly one of jwksUrl / publicKey (checked at load). */
  jwksUrl: JwksUrl.optional(),
  /** PEM text, or a path to a PEM file (relative to the config's folder; `~` expands). */
  publicKey: Name.optional(),
  clockToleranceSec: z.int().nonnegative().max(300).default(30),
  claims: section({
    principal: Name.default('sub'),
    /** Claim holding roles: an array of strings or a space-separated string. Needs allowedRoles. */
    roles: Name.optional(),
  }).prefault({}),
  /** The roles a token may confer; any other role in a token is dropped. */
  allowedRoles: z.array(Name).optional(),
  /** Scopes a token (`scope` or `scp`) must all carry, else 403 insufficient_scope. */
  requiredScopes: z.array(Name).default([]),
}).meta({ required: ['issuer', 'audience'] });

const Url = z.url({ error: 'expected an absolute URL' });

/** RFC 9728 protected-resource metadata; every field optional. */
export const OAuth = section({
  resource: Url.optional(),
  authorizationServers: z.array(Url).optional(),
  scopesSupported: z.array(Name).optional(),
});

/**
 * Credentials for shared (HTTP) mode, ARCHITECTURE.md §8. Unused on stdio, where the principal
 * is the config's `principal`. `{}` configures no credential, so shared mode cannot start.
 */
export const Auth = section({
  apiKeys: record(z.string().regex(/^[A-Za-z0-9_.-]+$/, 'expected a name of letters, digits, _ . -'), ApiKey).default({}),
  jwt: Jwt.optional(),
  oauth: OAuth.optional(),
});

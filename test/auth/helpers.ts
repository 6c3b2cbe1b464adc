import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair, type JWK, type JWTPayload, type CryptoKey } from 'jose';
import { parseConfig } from '../../src/startup.js';
import type { Config } from '../../src/config/types.js';

export const FILE = '/etc/warden-test/mcp-warden.json';
export const ISSUER = 'https://idp.example.com/';
export const AUDIENCE = 'https://warden.example.com/mcp';
/** The tests' clock: 2026-11-27T10:00:00Z. */
export const NOW = Date.UTC(2026, 10, 27, 10, 0, 0);
export const NOW_S = NOW / 1000;
export const now = () => NOW;

export interface Pair { alg: string; publicKey: CryptoKey; privateKey: CryptoKey; pem: string; jwk: JWK }

async function pair(alg: string, kid: string): Promise<Pair> {
  const { publicKey, privateKey } = await generateKeyPair(alg, { extractable: true });
  return { alg, publicKey, privateKey, pem: await exportSPKI(publicKey), jwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

/** Real key pairs: the IdP's RSA and EC keys, and an attacker's RSA key. */
export const keys = {
  rsa: await pair('RS256', 'rsa-1'),
  ec: await pair('ES256', 'ec-1'),
  attacker: await pair('RS256', 'rsa-1'),
};

export const USERS = { ci: { roles: ['analyst'] }, alice: { roles: ['readonly'] } };

/** A config with these auth settings, through the real loader (schema, paths, checks). */
export function configWith(auth: Record<string, unknown>, extra: Record<string, unknown> = {}): Config {
  return parseConfig({ users: USERS, ...extra, auth }, FILE, {});
}

/** `auth.jwt` verifying with the IdP's RSA key as PEM text, plus overrides. */
export const pemJwt = (overrides: Record<string, unknown> = {}) =>
  ({ issuer: ISSUER, audience: AUDIENCE, publicKey: keys.rsa.pem, ...overrides });

/** Standard claims valid at NOW for an hour. */
export const claims = (extra: JWTPayload = {}): JWTPayload =>
  ({ iss: ISSUER, aud: AUDIENCE, sub: 'alice', iat: NOW_S - 60, exp: NOW_S + 3600, ...extra });

/** A token signed by `key` (default: the IdP's RSA key), with exactly the given claims. */
export async function sign(payload: JWTPayload = claims(), key: Pair = keys.rsa, header: Record<string, unknown> = {}): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ alg: key.alg, kid: key.jwk.kid, typ: 'JWT', ...header }).sign(key.privateKey);
}

export const b64 = (value: unknown) => Buffer.from(typeof value === 'string' ? value : JSON.stringify(value)).toString('base64url');

/** A local JWKS endpoint that counts its fetches. */
export async function jwksServer(t: { after: (fn: () => unknown) => void }, jwks: { keys: JWK[] }) {
  const state = { fetches: 0, jwks };
  const server = http.createServer((_req, res) => {
    state.fetches++;
    res.setHeader('content-type', 'application/json');
    res.end(JSON.stringify(state.jwks));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/.well-known/jwks.json`, state };
}

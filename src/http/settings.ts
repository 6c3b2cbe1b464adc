import type { Config } from '../config/types.js';
import { ipAllowList, type IpVerdict } from './cidr.js';
import { canonicalOrigin, parseHost, type HostRules } from './host-origin.js';

/** Shared mode's settings once the port is known: everything a request is checked against. */
export interface HttpSettings {
  publicUrl: URL;
  /** RFC 9728 §3.1: the well-known path inserted before the resource's path. */
  resourceMetadataUrl: string;
  metadataPaths: ReadonlySet<string>;
  hostRules: HostRules;
  corsOrigins: ReadonlySet<string>;
  /** Origins that may send requests at all: our own public origin and the CORS ones. */
  allowedOrigins: ReadonlySet<string>;
  ipAllowed: (address: string | undefined) => IpVerdict;
  https: boolean;
  maxBodyBytes: number;
  /** The most of an unauthenticated request's body that is read. */
  preAuthBodyBytes: number;
  bodyTimeoutMs: number;
  trustProxy: boolean;
}

const isLoopback = (host: string) => host.startsWith('127.') || host === '::1' || host === 'localhost';
const WELL_KNOWN = '/.well-known/oauth-protected-resource';
const UNSPECIFIED = new Set(['0.0.0.0', '::', '[::]']);

/** The default public URL: the address we listen on, or localhost when that is every interface. */
export function defaultPublicUrl(host: string, port: number): string {
  const name = UNSPECIFIED.has(host) ? 'localhost' : host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `http://${name}:${port}/mcp`;
}

/** Compiles the `http` section against the address actually bound (the port may have been 0). */
export function httpSettings(config: Config, listen: { host: string; port: number }): HttpSettings {
  const http = config.http;
  const publicUrl = new URL(http.publicUrl ?? defaultPublicUrl(listen.host, listen.port));
  const resourcePath = publicUrl.pathname === '/' ? '' : publicUrl.pathname.replace(/\/$/, '');
  const corsOrigins = new Set(http.cors.origins.map((o) => canonicalOrigin(o) ?? o));
  return {
    publicUrl,
    resourceMetadataUrl: `${publicUrl.origin}${WELL_KNOWN}${resourcePath}`,
    metadataPaths: new Set([WELL_KNOWN, `${WELL_KNOWN}/mcp`, `${WELL_KNOWN}${resourcePath}`]),
    hostRules: { listenPort: listen.port, publicUrl, extra: http.allowedHosts.map((h) => parseHost(h)!) },
    corsOrigins,
    allowedOrigins: new Set([publicUrl.origin, ...corsOrigins]),
    ipAllowed: ipAllowList(http.ipAllow),
    https: publicUrl.protocol === 'https:',
    maxBodyBytes: http.maxBodyBytes,
    preAuthBodyBytes: Math.min(http.preAuthBodyBytes, http.maxBodyBytes),
    bodyTimeoutMs: http.bodyTimeoutMs,
    trustProxy: http.trustProxy,
  };
}

/** What an operator binding beyond loopback should hear at start-up. */
export function startupWarnings(config: Config, host: string): string[] {
  if (isLoopback(host)) return [];
  const warnings: string[] = [];
  if (!config.http.publicUrl) warnings.push(`bound to ${host} without http.publicUrl: set it to the URL clients use, since the Host check accepts only that name, localhost and http.allowedHosts`);
  if (config.http.ipAllow.every((c) => c.startsWith('127.') || c.startsWith('::1'))) warnings.push('http.ipAllow admits loopback only: remote clients will get 403 until their addresses are listed');
  return warnings;
}

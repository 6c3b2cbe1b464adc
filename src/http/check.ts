import { withInput, type ConfigIssue } from '../config/issues.js';
import { entriesAt } from '../config/entries.js';
import { parseCidr } from './cidr.js';
import { canonicalOrigin, parseHost } from './host-origin.js';

// A wildcard would let any web page a user visits call the server from their browser.
function originProblem(value: string): string | undefined {
  if (value === '*') return 'expected exact origins, not a wildcard: "*" lets any web page call this server; list each origin, e.g. "https://app.example.com"';
  const canonical = canonicalOrigin(value);
  if (canonical === undefined) return 'expected an exact origin "scheme://host[:port]" (no path, no trailing slash)';
  if (canonical !== value) return `expected the origin as browsers send it, "${canonical}"`;
  return undefined;
}

/**
 * Entries of `http` that are wrong on their own: allowed hosts, CORS origins, CIDRs.
 * Reads the raw config, so these are reported next to any problem of its shape.
 */
export function checkHttpEntries(raw: unknown): ConfigIssue[] {
  const issues: ConfigIssue[] = [];
  for (const e of entriesAt(raw, ['http', 'allowedHosts', '[]'])) {
    if (parseHost(e.value) === undefined) issues.push({ path: e.path, message: withInput('expected a host name or host:port, e.g. "warden.internal" or "10.0.0.5:8787"', e.value) });
  }
  for (const e of entriesAt(raw, ['http', 'cors', 'origins', '[]'])) {
    const problem = originProblem(e.value);
    if (problem) issues.push({ path: e.path, message: withInput(problem, e.value) });
  }
  for (const e of entriesAt(raw, ['http', 'ipAllow', '[]'])) {
    const parsed = parseCidr(e.value);
    // The reason already quotes the entry.
    if (!parsed.ok) issues.push({ path: e.path, message: parsed.reason });
  }
  return issues;
}

/** An IP address as a number: 32 bits for IPv4, 128 for IPv6. */
export interface Ip {
  family: 4 | 6;
  value: bigint;
}

/** A compiled CIDR block. */
export interface Cidr {
  family: 4 | 6;
  base: bigint;
  prefix: number;
}

/** A parsed CIDR, or why the text is not one. */
export type CidrParse = { ok: true; cidr: Cidr } | { ok: false; reason: string };

const MAPPED_PREFIX = 0xffffn << 32n;
const V4_MASK = 0xffffffffn;
const DECIMAL = /^(0|[1-9]\d{0,2})$/;
const HEX_GROUP = /^[0-9a-f]{1,4}$/i;

// Leading zeros are refused: "010.0.0.1" is 8.0.0.1 to some parsers and 10.0.0.1 to
// others, and an allowlist must never guess which one the user meant.
function parseV4(text: string): bigint | undefined {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((p) => DECIMAL.test(p) && Number(p) <= 255)) return undefined;
  return parts.reduce((acc, p) => (acc << 8n) | BigInt(p), 0n);
}

function groups(side: string): bigint[] | undefined {
  if (side === '') return [];
  const out: bigint[] = [];
  const parts = side.split(':');
  for (let i = 0; i < parts.length; i++) {
    const part = parts[i];
    if (i === parts.length - 1 && part.includes('.')) {
      const v4 = parseV4(part);
      if (v4 === undefined) return undefined;
      out.push(v4 >> 16n, v4 & 0xffffn);
    } else if (HEX_GROUP.test(part)) out.push(BigInt(`0x${part}`));
    else return undefined;
  }
  return out;
}

function parseV6(text: string): bigint | undefined {
  const halves = text.split('::');
  if (halves.length > 2) return undefined;
  const head = groups(halves[0]);
  const tail = halves.length === 2 ? groups(halves[1]) : [];
  if (!head || !tail) return undefined;
  // An embedded IPv4 may only end the address.
  if (halves.length === 2 && halves[0].includes('.')) return undefined;
  const count = head.length + tail.length;
  if (halves.length === 1 ? count !== 8 : count > 7) return undefined;
  const all = [...head, ...Array(8 - count).fill(0n), ...tail];
  return all.reduce((acc, g) => (acc << 16n) | g, 0n);
}

/**
 * Parses a textual IP address. IPv4-mapped IPv6 (`::ffff:127.0.0.1`, how a dual-stack
 * socket reports an IPv4 peer) becomes the IPv4 address, so one rule covers both
 * spellings. Zone ids, brackets and anything else unusual are refused (undefined).
 */
export function parseIp(text: string): Ip | undefined {
  if (text.includes(':')) {
    const value = parseV6(text);
    if (value === undefined) return undefined;
    return value >> 32n === 0xffffn ? { family: 4, value: value & V4_MASK } : { family: 6, value };
  }
  const value = parseV4(text);
  return value === undefined ? undefined : { family: 4, value };
}

const bits = (family: 4 | 6) => (family === 4 ? 32 : 128);
const hostMask = (family: 4 | 6, prefix: number) => (1n << BigInt(bits(family) - prefix)) - 1n;

/**
 * Parses `address/prefix` (or a bare address, one host). A block with host bits set
 * (`10.0.0.1/8`) is refused: it is usually a typo, and guessing the network is not ours.
 */
export function parseCidr(text: string): CidrParse {
  const [address, prefixText, extra] = text.trim().split('/');
  if (extra !== undefined) return { ok: false, reason: `expected ADDRESS/PREFIX, got "${text}"` };
  const ip = parseIp(address);
  if (!ip) return { ok: false, reason: `expected an IPv4 or IPv6 address, got "${address}"` };
  const mappedSource = address.includes(':') && ip.family === 4;
  const width = mappedSource ? 128 : bits(ip.family);
  let prefix = width;
  if (prefixText !== undefined) {
    if (!/^\d{1,3}$/.test(prefixText) || Number(prefixText) > width) {
      return { ok: false, reason: `expected a prefix length 0-${width}, got "${prefixText}"` };
    }
    prefix = Number(prefixText);
  }
  let cidr: Cidr;
  if (mappedSource) {
    // ::ffff:a.b.c.d/N: a block of the IPv4-mapped space, or wider than it.
    cidr = prefix >= 96
      ? { family: 4, base: ip.value, prefix: prefix - 96 }
      : { family: 6, base: MAPPED_PREFIX | ip.value, prefix };
  } else cidr = { family: ip.family, base: ip.value, prefix };
  if ((cidr.base & hostMask(cidr.family, cidr.prefix)) !== 0n) {
    const network = cidr.base & ~hostMask(cidr.family, cidr.prefix);
    return { ok: false, reason: `"${text}" has host bits set; the network is ${format({ family: cidr.family, value: network })}/${cidr.prefix}` };
  }
  return { ok: true, cidr };
}

function format(ip: Ip): string {
  if (ip.family === 4) return [24n, 16n, 8n, 0n].map((s) => String((ip.value >> s) & 0xffn)).join('.');
  const parts: string[] = [];
  for (let s = 112n; s >= 0n; s -= 16n) parts.push(((ip.value >> s) & 0xffffn).toString(16));
  return parts.join(':');
}

function contains(cidr: Cidr, ip: Ip): boolean {
  // An IPv4 peer also matches IPv6 blocks that cover its mapped form (e.g. ::/0).
  const candidate = ip.family === cidr.family ? ip.value : ip.family === 4 ? MAPPED_PREFIX | ip.value : undefined;
  if (candidate === undefined) return false;
  const mask = ~hostMask(cidr.family, cidr.prefix) & (cidr.family === 4 ? V4_MASK : (1n << 128n) - 1n);
  return (candidate & mask) === cidr.base;
}

/** Whether a client address may connect, and if not why. */
export type IpVerdict = { allowed: true } | { allowed: false; reason: string };

/**
 * Compiles an allowlist once. Unparsable entries throw (the config check reports them
 * before start-up); an unparsable peer address is refused, never let through.
 */
export function ipAllowList(entries: readonly string[]): (address: string | undefined) => IpVerdict {
  const blocks = entries.map((entry) => {
    const parsed = parseCidr(entry);
    if (!parsed.ok) throw new Error(`http.ipAllow: ${parsed.reason}`);
    return parsed.cidr;
  });
  return (address) => {
    const ip = address === undefined ? undefined : parseIp(address.replace(/%[\w.-]+$/, ''));
    if (!ip) return { allowed: false, reason: `the client address ${JSON.stringify(address ?? '')} could not be read` };
    if (blocks.some((b) => contains(b, ip))) return { allowed: true };
    return { allowed: false, reason: `client address ${format(ip)} is not in http.ipAllow` };
  };
}

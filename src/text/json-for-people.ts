// JSON lines are for machines, yet people `cat` logs and `--json` output to a terminal.
// JSON.stringify escapes C0 controls and lone surrogates but writes C1 controls (U+009B is
// a CSI to many terminals), bidi overrides and zero-width characters raw. Outside strings
// JSON has only ASCII, so each such character is inside one and its `\uXXXX` escape is
// the same value: lossless, and the line stays one line of plain characters. Tab, LF and
// CR are left alone: JSON.stringify already escapes them in strings, and outside strings
// they are the whitespace of pretty-printed JSON.
import { INVISIBLE } from './invisible.js';

const hex = (unit: number) => `\\u${unit.toString(16).padStart(4, '0')}`;

/** Serialized JSON with every invisible character written as a `\uXXXX` escape (same value). */
export function jsonForPeople(json: string): string {
  return json.replace(INVISIBLE, (c) => (c === '\n' || c === '\r' || c === '\t' ? c : hex(c.charCodeAt(0)) + (c.length > 1 ? hex(c.charCodeAt(1)) : '')));
}

/** `JSON.stringify(value)` as one line safe to print: see jsonForPeople. */
export const jsonLine = (value: unknown): string => jsonForPeople(JSON.stringify(value) ?? 'null');

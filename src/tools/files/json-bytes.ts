// What a text costs as a JSON string, worked out without writing the JSON (issue 16):
// a 1 MiB read is then serialized once, by the transport, not a second time to be sized.

// JSON.stringify writes these as two-character escapes (\" \\ \b \t \n \f \r) ...
const SHORT_ESCAPES = ['"', '\\', '\b', '\t', '\n', '\f', '\r'];
// ... and every other character below U+0020 as \u00XX: six bytes for one.
const LONG_ESCAPES = Array.from({ length: 0x20 }, (_, c) => String.fromCharCode(c)).filter((c) => !SHORT_ESCAPES.includes(c));

// ES2024's String.prototype.isWellFormed, in every Node this runs on (20+), not in lib ES2023.
type WellFormed = string & { isWellFormed(): boolean };

/**
 * The exact UTF-8 length of `JSON.stringify(text)`, given `Buffer.byteLength(text)`.
 * Each escaped character is found with `indexOf` (a native scan per character, no
 * per-character JavaScript); a text dense with them, or with lone surrogates (which
 * JSON.stringify also escapes), is measured by serializing it, which is never slower.
 */
export function jsonStringBytes(text: string, utf8Bytes = Buffer.byteLength(text)): number {
  if (!(text as WellFormed).isWellFormed()) return Buffer.byteLength(JSON.stringify(text));
  // Past this many escapes one serialization costs less than the scans still to come.
  const dense = text.length / 16;
  let extra = 0;
  let found = 0;
  for (const [chars, cost] of [[SHORT_ESCAPES, 1], [LONG_ESCAPES, 5]] as const) {
    for (const c of chars) {
      for (let i = text.indexOf(c); i !== -1; i = text.indexOf(c, i + 1)) {
        if (++found > dense) return Buffer.byteLength(JSON.stringify(text));
        extra += cost;
      }
    }
  }
  return utf8Bytes + extra + 2;
}

import crypto from 'node:crypto';
import { MAYBE_SECRET, type Redactor } from './redact.js';

// Issue 15 §2: one call must not add megabytes to the log. Constants, not config: a
// larger cap only helps a flood fill the disk, and a smaller one would lose evidence.

/** One stored column (args, resource, reason, error, detail, client) is at most this many UTF-8 bytes. */
export const FIELD_MAX_BYTES = 16 * 1024;
/** All of a row's variable columns together are at most this many bytes. */
export const ROW_MAX_BYTES = 64 * 1024;

/**
 * A JSON column the store cut: how big the whole value was, its digest and what was kept.
 * The digest is SHA-256 over the canonical JSON text (JSON.stringify, keys in the order
 * the server had them) of the value *with its secrets redacted*: a digest of the raw
 * value would let anyone with the log confirm a guessed password offline. Someone who
 * holds the original redacts it the same way (`createRedactor(...).canonical`) to compare.
 */
export interface CutMarker {
  cut: true;
  bytes: number;
  sha256: string;
  /** The redacted value as far as the budget reached, with `…[N more … not stored]` where it stopped. */
  kept: unknown;
}

/** A stored value that is a cut marker (the store never lets an agent's own value look like one). */
export function isCut(value: unknown): value is CutMarker {
  return !!value && typeof value === 'object' && (value as { cut?: unknown }).cut === true
    && typeof (value as { sha256?: unknown }).sha256 === 'string' && 'kept' in value;
}

/** A cut marker in words, for the CLI: `[cut by the audit store: N bytes in all, sha256 …]`. */
export const cutNote = (marker: CutMarker) => `[cut by the audit store: ${marker.bytes} bytes in all, sha256 ${marker.sha256}]`;

/** What a stored JSON column holds for people: the kept part of a cut value, else the value. */
export const keptOf = (value: unknown): unknown => (isCut(value) ? value.kept : value);

const sha256 = (text: string) => crypto.createHash('sha256').update(text).digest('hex');
const byteLength = (text: string) => Buffer.byteLength(text);
// Most values are ASCII and short: 3 bytes per UTF-16 unit is the worst case, so a
// short string needs no byte count.
const fits = (text: string, max: number) => text.length * 3 <= max || byteLength(text) <= max;

/** The full value's size and digest, worked out once per field however often it is refitted. */
type Whole = { bytes: number; sha256: string };

/** One column's encoder; `fit(max)` gives its stored text within `max` bytes. */
export interface FieldCoder {
  stored: string | null;
  fit(max: number): string | null;
}

/** A JSON column (args, resource, error, detail): plain JSON when it fits, else a cut marker. */
export function jsonField(redactor: Redactor, value: unknown, max = FIELD_MAX_BYTES): FieldCoder {
  return new JsonColumn(redactor, value, max);
}

/** A text column (reason, client): the text when it fits, else a prefix and a `[cut: …]` note. */
export function textField(redactor: Redactor, value: string | undefined, max = FIELD_MAX_BYTES): FieldCoder {
  return new TextColumn(redactor, value, max);
}

// Classes, not closures: six of these are made for every row on the hot path.
class JsonColumn implements FieldCoder {
  readonly stored: string | null;
  private whole: Whole | undefined;

  constructor(private readonly redactor: Redactor, private readonly value: unknown, max: number) {
    this.stored = this.fit(max);
  }

  fit(limit: number): string | null {
    if (this.value === undefined) return null;
    let budget = limit;
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const redacted = this.redactor.within(this.value, budget);
      const json = JSON.stringify(redacted.value) ?? 'null';
      // An agent's own `{cut: true, …}` is stored inside a real marker, never as one.
      if (redacted.complete && fits(json, limit) && !isCut(redacted.value)) return json;
      const marker = JSON.stringify({ cut: true, ...this.wholeOf(redacted.complete ? json : undefined), kept: redacted.value });
      if (fits(marker, limit)) return marker;
      // Escapes and multi-byte characters made the kept part larger than its budget.
      budget = Math.floor((budget * limit) / byteLength(marker) * 0.8) - 256;
      if (budget <= 0) break;
    }
    return JSON.stringify({ cut: true, ...this.wholeOf(), kept: null });
  }

  private wholeOf(json?: string): Whole {
    if (!this.whole) {
      const text = json ?? this.redactor.canonical(this.value);
      this.whole = { bytes: byteLength(text), sha256: sha256(text) };
    }
    return this.whole;
  }
}

class TextColumn implements FieldCoder {
  readonly stored: string | null;
  private whole: Whole | undefined;

  constructor(private readonly redactor: Redactor, private readonly value: string | undefined, max: number) {
    this.stored = this.fit(max);
  }

  fit(limit: number): string | null {
    const value = this.value;
    if (value === undefined) return null;
    // The common case: a short sentence with nothing to redact.
    if (value.length * 3 <= limit && !MAYBE_SECRET.test(value)) return value;
    let keep = Math.min(value.length, limit);
    for (let attempt = 0; attempt < 4; attempt += 1) {
      const { text, rest } = this.redactor.string(value, keep);
      if (!rest && fits(text, limit)) return text;
      if (!this.whole) {
        const full = rest ? this.redactor.canonicalString(value) : text;
        this.whole = { bytes: byteLength(full), sha256: sha256(full) };
      }
      const note = `${text}…${cutNote({ cut: true, ...this.whole, kept: null })}`;
      if (fits(note, limit)) return note;
      keep = Math.floor((keep * limit) / byteLength(note) * 0.8) - 64;
      if (keep <= 0) break;
    }
    return cutNote({ cut: true, ...this.whole!, kept: null });
  }
}

/**
 * Refits the columns of one row so that together they stay within `max` bytes: each
 * small column keeps what it has, the large ones share the rest equally. The common
 * small row costs one length sum.
 */
export function fitRow(fields: FieldCoder[], max = ROW_MAX_BYTES): Array<string | null> {
  const stored: Array<string | null> = [];
  let chars = 0;
  for (const f of fields) {
    stored.push(f.stored);
    chars += f.stored === null ? 0 : f.stored.length;
  }
  if (chars * 3 <= max) return stored;
  const sizes = stored.map((s) => (s === null ? 0 : byteLength(s)));
  if (sizes.reduce((a, b) => a + b, 0) <= max) return stored;
  // Water-filling: the smallest columns are kept whole while they are under an equal share.
  const order = sizes.map((_, i) => i).sort((a, b) => sizes[a] - sizes[b]);
  let left = max;
  for (let k = 0; k < order.length; k += 1) {
    const share = Math.floor(left / (order.length - k));
    const i = order[k];
    if (sizes[i] <= share) { left -= sizes[i]; continue; }
    stored[i] = fields[i].fit(share);
    left -= stored[i] === null ? 0 : byteLength(stored[i]!);
  }
  return stored;
}

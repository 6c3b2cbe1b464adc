import fs from 'node:fs';
import { promisify } from 'node:util';
import { StringDecoder } from 'node:string_decoder';
import { WardenError } from '../../errors.js';
import { closeFd, openVerified } from '../../guards/path-fs.js';

const readAsync = promisify(fs.read);
/** One positioned read off the event loop (for reads that may be large). */
const readAt = async (fd: number, buf: Buffer, off: number, len: number, pos: number) => (await readAsync(fd, buf, off, len, pos)).bytesRead;

const CHUNK = 64 * 1024;

export function tooLarge(p: string, size: number | string, cap: number, key = 'filesystem.maxReadBytes'): WardenError {
  return new WardenError('too_large', `${p} is ${size} bytes, over the limit of ${cap} bytes (${key}); nothing was sent. Use head or tail to read part of it.`, { step: 'execute', rule: 'limits.read_bytes', limit: cap });
}

/** Runs `fn` on a verified, open regular file and always closes it. */
export async function withFile<T>(p: string, hardLinks: 'deny' | 'allow', fn: (fd: number, size: number) => Promise<T>): Promise<T> {
  const { fd, stat } = openVerified(p, 'file', { hardLinks });
  try {
    return await fn(fd, stat.size);
  } finally {
    closeFd(fd);
  }
}

const SYNC_READ_BYTES = 64 * 1024;

/** The whole file, refused with `too_large` above `cap` (also when it grows while read). */
export async function readCapped(fd: number, size: number, p: string, cap: number): Promise<Buffer> {
  if (size > cap) throw tooLarge(p, size, cap);
  let buf = Buffer.allocUnsafe(size + 1);
  let off = 0;
  for (;;) {
    if (off === buf.length) {
      if (off > cap) throw tooLarge(p, `more than ${cap}`, cap);
      const bigger = Buffer.allocUnsafe(Math.min(buf.length * 2, cap + 1));
      buf.copy(bigger, 0, 0, off);
      buf = bigger;
    }
    // Small files are read in place: a thread-pool trip costs more than the read itself.
    const bytesRead = size <= SYNC_READ_BYTES
      ? fs.readSync(fd, buf, off, buf.length - off, off)
      : await readAt(fd, buf, off, buf.length - off, off);
    if (bytesRead === 0) break;
    off += bytesRead;
  }
  if (off > cap) throw tooLarge(p, `more than ${cap}`, cap);
  return buf.subarray(0, off);
}

/** The first `n` lines, reading no more than needed; like the reference's headFile. */
export async function readHead(fd: number, n: number, p: string, cap: number): Promise<string> {
  const decoder = new StringDecoder('utf8');
  const lines: string[] = [];
  let rest = '';
  let pos = 0;
  const chunk = Buffer.allocUnsafe(CHUNK);
  while (lines.length < n) {
    const bytesRead = await readAt(fd, chunk, 0, CHUNK, pos);
    if (bytesRead === 0) break;
    pos += bytesRead;
    if (pos > cap + CHUNK) throw tooLarge(p, `more than ${cap}`, cap);
    rest += decoder.write(chunk.subarray(0, bytesRead));
    const cut = rest.lastIndexOf('\n');
    if (cut === -1) continue;
    for (const line of rest.slice(0, cut).split('\n')) if (lines.length < n) lines.push(line);
    rest = rest.slice(cut + 1);
  }
  rest += decoder.end();
  if (rest.length > 0 && lines.length < n) lines.push(rest);
  return capText(lines.join('\n'), p, cap);
}

/** The last `n` lines, reading backwards from the end; like the reference's tailFile. */
export async function readTail(fd: number, size: number, n: number, p: string, cap: number): Promise<string> {
  if (size === 0) return '';
  const chunks: Buffer[] = [];
  let pos = size;
  let newlines = 0;
  let total = 0;
  while (pos > 0 && newlines < n) {
    const len = Math.min(CHUNK, pos);
    pos -= len;
    const buf = Buffer.allocUnsafe(len);
    const bytesRead = await readAt(fd, buf, 0, len, pos);
    if (bytesRead === 0) break;
    const data = buf.subarray(0, bytesRead);
    chunks.unshift(data);
    total += bytesRead;
    if (total > cap + CHUNK) throw tooLarge(p, `more than ${cap}`, cap);
    for (const byte of data) if (byte === 0x0a) newlines++;
  }
  const text = Buffer.concat(chunks).toString('utf8').replace(/\r\n/g, '\n');
  return capText(text.split('\n').slice(-n).join('\n'), p, cap);
}

function capText(text: string, p: string, cap: number): string {
  const bytes = Buffer.byteLength(text);
  if (bytes > cap) throw tooLarge(p, bytes, cap);
  return text;
}

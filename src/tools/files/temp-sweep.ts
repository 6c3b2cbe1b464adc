import fs from 'node:fs';
import { randomBytes } from 'node:crypto';
import { HAS_PROC_FD, at, type OpenDir } from '../../guards/path-fs.js';

const TEMP = /^\.warden-[0-9a-f]{16}\.tmp$/;
// Older than any write could take, so a temp file of a write still under way (this
// server or another one sharing the folder) is never touched.
const STALE_MS = 10 * 60 * 1000;

/** The name of a write's temp file, beside its target. */
export const tempName = () => `.warden-${randomBytes(8).toString('hex')}.tmp`;

/**
 * A write killed between creating its temp file and the rename (kill -9, power loss)
 * leaves the temp file behind. The first write into a folder in a session removes such
 * leftovers there, through the verified folder's descriptor; later writes skip the scan.
 */
export function sweepStaleTemps(dir: OpenDir, swept: Set<string>, now = Date.now()): void {
  if (swept.has(dir.path)) return;
  swept.add(dir.path);
  let names: string[];
  try {
    names = fs.readdirSync(HAS_PROC_FD ? `/proc/self/fd/${dir.fd}` : dir.path).filter((n) => TEMP.test(n));
  } catch {
    return;
  }
  for (const name of names) {
    try {
      const stat = fs.lstatSync(at(dir, name));
      if (stat.isFile() && now - stat.mtimeMs > STALE_MS) fs.unlinkSync(at(dir, name));
    } catch { /* gone already, or not ours to remove */ }
  }
}

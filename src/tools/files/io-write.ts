import fs from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { WardenError, denied } from '../../errors.js';
import { at, changed, closeFd, openDir, openError, type OpenDir } from '../../guards/path-fs.js';
import { sweepStaleTemps, tempName } from './temp-sweep.js';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_DIRECTORY } = fs.constants;
const writeFileAsync = promisify(fs.writeFile);
// Below this a write is done in place: a thread-pool trip costs more than the write.
const SYNC_WRITE_BYTES = 64 * 1024;

// Metadata calls below are synchronous: on a local disk each takes microseconds, less
// than the thread-pool round trip an async call adds.
function parentOf(p: string): OpenDir {
  try {
    return openDir(path.dirname(p));
  } catch (error) {
    if (error instanceof WardenError && error.code === 'not_found') {
      throw new WardenError('not_found', `Parent directory does not exist: ${path.dirname(p)}. Create it with create_directory first.`, { step: 'execute', rule: 'path.parent_missing' });
    }
    throw error;
  }
}

const lstatOrUndefined = (p: string) => fs.lstatSync(p, { throwIfNoEntry: false });

async function writeAll(fd: number, data: string | Buffer): Promise<void> {
  const buf = typeof data === 'string' ? Buffer.from(data) : data;
  if (buf.length > SYNC_WRITE_BYTES) return writeFileAsync(fd, buf);
  for (let off = 0; off < buf.length;) off += fs.writeSync(fd, buf, off, buf.length - off);
}

/**
 * Writes atomically and never through a symlink: a new file beside the target (created
 * exclusively, no-follow, through the verified folder's descriptor), then rename, which
 * replaces the name itself. An existing file keeps its permission bits.
 */
export async function atomicWrite(target: string, data: string | Buffer, hardLinks: 'deny' | 'allow', swept: Set<string>): Promise<number> {
  const dir = parentOf(target);
  sweepStaleTemps(dir, swept);
  const name = path.basename(target);
  try {
    const existing = lstatOrUndefined(at(dir, name));
    if (existing?.isSymbolicLink()) throw changed(target);
    if (existing?.isDirectory()) throw new WardenError('invalid_input', `${target} is a directory, not a file.`, { step: 'execute', rule: 'path.is_directory' });
    if (existing && !existing.isFile()) throw denied(`Access denied: ${target} is not a regular file.`, { step: 'execute', rule: 'path.not_regular' });
    if (existing && existing.nlink > 1 && hardLinks === 'deny') {
      throw denied(`Access denied: ${target} has ${existing.nlink} hard links (set filesystem.hardLinks to "allow" to permit).`, { step: 'execute', rule: 'path.hard_link' });
    }
    const tmp = at(dir, tempName());
    const fd = fs.openSync(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
    try {
      try {
        await writeAll(fd, data);
        if (existing) fs.fchmodSync(fd, existing.mode & 0o7777);
      } finally {
        fs.closeSync(fd);
      }
      fs.renameSync(tmp, at(dir, name));
    } catch (error) {
      try { fs.unlinkSync(tmp); } catch { /* never created or already gone */ }
      throw error;
    }
    return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  } finally {
    closeFd(dir.fd);
  }
}

/**
 * mkdir -p from the root down, one name at a time through the parent's descriptor and
 * no-follow, so no component can be a symlink. Returns the folders it created.
 */
export function makeDirs(target: string, root: string): string[] {
  const names = path.relative(root, target).split(path.sep).filter(Boolean);
  const created: string[] = [];
  let dir = openDir(root);
  const flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
  const openChild = (child: string, childPath: string) => {
    try {
      return fs.openSync(child, flags);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw openError(e, childPath, 'dir');
    }
  };
  try {
    for (const name of names) {
      const child = at(dir, name);
      const childPath = path.join(dir.path, name);
      let fd = openChild(child, childPath);
      if (fd === undefined) {
        try {
          fs.mkdirSync(child);
        } catch (e) {
          if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        }
        created.push(childPath);
        fd = openChild(child, childPath);
        if (fd === undefined) throw openError(Object.assign(new Error('gone'), { code: 'ENOENT' }), childPath, 'dir');
      }
      closeFd(dir.fd);
      dir = { fd, path: childPath };
    }
    return created;
  } finally {
    closeFd(dir.fd);
  }
}

/** rename between two verified folders; refuses an existing destination like the reference. */
export function moveEntry(source: string, destination: string): void {
  const from = parentOf(source);
  try {
    const to = parentOf(destination);
    try {
      const src = lstatOrUndefined(at(from, path.basename(source)));
      if (!src) throw new WardenError('not_found', `Not found: ${source} does not exist.`, { step: 'execute', rule: 'path.not_found' });
      if (src.isSymbolicLink()) throw changed(source);
      if (lstatOrUndefined(at(to, path.basename(destination)))) {
        throw new WardenError('failed', `Destination already exists: ${destination}`, { step: 'execute', rule: 'move.destination_exists' });
      }
      try {
        fs.renameSync(at(from, path.basename(source)), at(to, path.basename(destination)));
      } catch (e) {
        throw new WardenError('failed', `Could not move ${source} to ${destination} (${(e as NodeJS.ErrnoException).code ?? 'error'}).`, { step: 'execute' });
      }
    } finally {
      closeFd(to.fd);
    }
  } finally {
    closeFd(from.fd);
  }
}

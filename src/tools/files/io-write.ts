import fs from 'node:fs';
import fsp from 'node:fs/promises';
import path from 'node:path';
import { WardenError, denied } from '../../errors.js';
import { at, changed, openDir, openError, type OpenDir } from '../../guards/path-fs.js';
import { sweepStaleTemps, tempName } from './temp-sweep.js';

const { O_WRONLY, O_CREAT, O_EXCL, O_NOFOLLOW, O_RDONLY, O_DIRECTORY } = fs.constants;

async function parentOf(p: string): Promise<OpenDir> {
  try {
    return await openDir(path.dirname(p));
  } catch (error) {
    if (error instanceof WardenError && error.code === 'not_found') {
      throw new WardenError('not_found', `Parent directory does not exist: ${path.dirname(p)}. Create it with create_directory first.`, { step: 'execute', rule: 'path.parent_missing' });
    }
    throw error;
  }
}

async function lstatOrUndefined(p: string): Promise<fs.Stats | undefined> {
  try {
    return await fsp.lstat(p);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

/**
 * Writes atomically and never through a symlink: a new file beside the target (created
 * exclusively, no-follow, through the verified folder's descriptor), then rename, which
 * replaces the name itself. An existing file keeps its permission bits.
 */
export async function atomicWrite(target: string, data: string | Buffer, hardLinks: 'deny' | 'allow', swept: Set<string>): Promise<number> {
  const dir = await parentOf(target);
  sweepStaleTemps(dir, swept);
  const name = path.basename(target);
  try {
    const existing = await lstatOrUndefined(at(dir, name));
    if (existing?.isSymbolicLink()) throw changed(target);
    if (existing?.isDirectory()) throw new WardenError('invalid_input', `${target} is a directory, not a file.`, { step: 'execute', rule: 'path.is_directory' });
    if (existing && !existing.isFile()) throw denied(`Access denied: ${target} is not a regular file.`, { step: 'execute', rule: 'path.not_regular' });
    if (existing && existing.nlink > 1 && hardLinks === 'deny') {
      throw denied(`Access denied: ${target} has ${existing.nlink} hard links (set filesystem.hardLinks to "allow" to permit).`, { step: 'execute', rule: 'path.hard_link' });
    }
    const tmp = at(dir, tempName());
    const handle = await fsp.open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW, 0o666);
    try {
      await handle.writeFile(data);
      if (existing) await handle.chmod(existing.mode & 0o7777);
    } finally {
      await handle.close();
    }
    try {
      await fsp.rename(tmp, at(dir, name));
    } catch (error) {
      await fsp.unlink(tmp).catch(() => {});
      throw error;
    }
    return typeof data === 'string' ? Buffer.byteLength(data) : data.length;
  } finally {
    await dir.handle.close().catch(() => {});
  }
}

/**
 * mkdir -p from the root down, one name at a time through the parent's descriptor and
 * no-follow, so no component can be a symlink. Returns the folders it created.
 */
export async function makeDirs(target: string, root: string): Promise<string[]> {
  const names = path.relative(root, target).split(path.sep).filter(Boolean);
  const created: string[] = [];
  let dir = await openDir(root);
  try {
    for (const name of names) {
      const child = at(dir, name);
      const childPath = path.join(dir.path, name);
      const flags = O_RDONLY | O_DIRECTORY | O_NOFOLLOW;
      let handle = await fsp.open(child, flags).catch((e: NodeJS.ErrnoException) => {
        if (e.code === 'ENOENT') return undefined;
        throw openError(e, childPath, 'dir');
      });
      if (!handle) {
        await fsp.mkdir(child).catch((e: NodeJS.ErrnoException) => { if (e.code !== 'EEXIST') throw e; });
        created.push(childPath);
        handle = await fsp.open(child, flags).catch((e) => { throw openError(e, childPath, 'dir'); });
      }
      await dir.handle.close();
      dir = { handle, path: childPath };
    }
    return created;
  } finally {
    await dir.handle.close().catch(() => {});
  }
}

/** rename between two verified folders; refuses an existing destination like the reference. */
export async function moveEntry(source: string, destination: string): Promise<void> {
  const from = await parentOf(source);
  try {
    const to = await parentOf(destination);
    try {
      const src = await lstatOrUndefined(at(from, path.basename(source)));
      if (!src) throw new WardenError('not_found', `Not found: ${source} does not exist.`, { step: 'execute', rule: 'path.not_found' });
      if (src.isSymbolicLink()) throw changed(source);
      if (await lstatOrUndefined(at(to, path.basename(destination)))) {
        throw new WardenError('failed', `Destination already exists: ${destination}`, { step: 'execute', rule: 'move.destination_exists' });
      }
      await fsp.rename(at(from, path.basename(source)), at(to, path.basename(destination))).catch((e: NodeJS.ErrnoException) => {
        throw new WardenError('failed', `Could not move ${source} to ${destination} (${e.code ?? 'error'}).`, { step: 'execute' });
      });
    } finally {
      await to.handle.close().catch(() => {});
    }
  } finally {
    await from.handle.close().catch(() => {});
  }
}

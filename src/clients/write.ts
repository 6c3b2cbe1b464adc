import fs from 'node:fs';
import path from 'node:path';
import { clientFileChanged } from '../messages/client-files.js';
import { ClientFileError, type ClientDoc } from './document.js';

/** `2026-03-01T09-30-12-345Z`: sortable and valid in every file system. */
export const stamp = (now: Date) => now.toISOString().replace(/[:.]/g, '-');

/** Copies `file` to `file.STAMP.bak` (never over an existing backup) and returns the backup's path. */
export function backup(file: string, now = new Date()): string {
  for (let n = 0; ; n++) {
    const target = `${file}.${stamp(now)}${n ? `-${n}` : ''}.bak`;
    try {
      fs.copyFileSync(file, target, fs.constants.COPYFILE_EXCL);
      return target;
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  }
}

/**
 * Writes new text for a client file: backup first, then a temp file in the same folder
 * renamed over the real file (a symlinked dotfile stays a symlink), so a crash leaves
 * either the old file or the new one. If the file changed since it was read (the
 * client saved it meanwhile), nothing is written.
 */
export function writeClientFile(doc: ClientDoc, text: string, now = new Date()): { backup?: string } {
  const file = doc.target.file;
  const bytes = Buffer.from((doc.bom ? '\uFEFF' : '') + text, 'utf8');
  if (!doc.exists) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // 0600: other servers' entries in this file often carry tokens in `env`.
    fs.writeFileSync(file, bytes, { flag: 'wx', mode: 0o600 });
    return {};
  }
  const real = fs.realpathSync(file);
  const saved = backup(file, now);
  if (!fs.readFileSync(real).equals(doc.raw)) {
    throw new ClientFileError(clientFileChanged.build({ client: doc.target.label, file }));
  }
  const temp = path.join(path.dirname(real), `.${path.basename(real)}.mcp-warden-${process.pid}.tmp`);
  const mode = fs.statSync(real).mode & 0o7777;
  try {
    const fd = fs.openSync(temp, 'wx', mode);
    try {
      fs.fchmodSync(fd, mode);
      fs.writeFileSync(fd, bytes);
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
    fs.renameSync(temp, real);
  } catch (error) {
    fs.rmSync(temp, { force: true });
    throw error;
  }
  return { backup: saved };
}

import os from 'node:os';
import path from 'node:path';
import { denied } from '../errors.js';

// Linux PATH_MAX and NAME_MAX: longer input can only be an attack or a mistake.
const MAX_PATH_BYTES = 4096;
const MAX_NAME_BYTES = 255;

// Names Windows maps to devices whatever the extension (CON, NUL.txt, COM1, LPT9, CONIN$).
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³]|conin\$|conout\$)(\..*)?$/i;
const DRIVE = /^[A-Za-z]:/;
const UNC = /^[\\/]{2}(?![\\/])/;

/**
 * Refuses input that cannot name a POSIX path safely: NUL bytes, Windows drive, UNC and
 * device forms (a literal `C:\x` file would be created inside a root and reported as
 * the Windows path), backslashes and overlong paths or names. Throws a `denied` error.
 */
export function checkPathInput(input: string, rootsText: string): void {
  const refuse = (rule: string, why: string) =>
    denied(`Access denied: the path ${why}. Allowed directories: ${rootsText}.`, { rule });
  if (typeof input !== 'string' || input.length === 0) throw refuse('path.invalid', 'is empty');
  if (input.includes('\0')) throw refuse('path.invalid', 'contains a NUL byte');
  if (DRIVE.test(input) || UNC.test(input) || input.includes('\\')) {
    throw refuse('path.windows_form', 'is a Windows drive, UNC or backslash form, which this POSIX host does not accept');
  }
  if (Buffer.byteLength(input) > MAX_PATH_BYTES) throw refuse('path.too_long', `is longer than ${MAX_PATH_BYTES} bytes`);
  for (const name of input.split('/')) {
    if (Buffer.byteLength(name) > MAX_NAME_BYTES) throw refuse('path.too_long', `has a name longer than ${MAX_NAME_BYTES} bytes`);
    if (WINDOWS_DEVICE.test(name)) throw refuse('path.windows_form', `names the Windows device "${name}"`);
  }
  if (/^~[^/]/.test(input)) throw refuse('path.invalid', 'uses ~user, which is not supported');
}

/** `~` and `~/x` expand to the home folder, as in the reference server; the result is still checked. */
export function expandHome(input: string): string {
  if (input === '~') return os.homedir();
  if (input.startsWith('~/')) return path.join(os.homedir(), input.slice(2));
  return input;
}

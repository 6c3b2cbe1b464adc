import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** What can remove a folder when it ends: a test's or a suite's context (`t`). */
export interface Owner { after: (fn: () => void) => void }

/**
 * A fresh temp folder under its real path (macOS's /var is a link, and the guards compare
 * real paths); removed when `owner` ends, kept otherwise (the caller cleans up).
 */
export function tempDir(prefix = 'warden-', owner?: Owner): string {
  const dir = fs.realpathSync(fs.mkdtempSync(path.join(os.tmpdir(), prefix)));
  owner?.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

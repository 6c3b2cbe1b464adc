import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { AuditEvent } from '../../src/audit/store.js';

/** A fresh temp folder, removed when the test ends. */
export function tempDir(t: { after: (fn: () => void) => void }, prefix = 'warden-audit-'): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** A decision event for call `call`; fields can be overridden. */
export function decisionEvent(call: string, over: Partial<AuditEvent> = {}): AuditEvent {
  return {
    session: 's1', call, principal: 'me', client: 'test', tool: 'read_file', kind: 'decision',
    decision: 'allow', reason: 'Allowed: file:read is granted by role "developer"; no policy narrows it.',
    resource: { type: 'file', path: '/srv/a.txt' }, args: { path: 'a.txt' }, ...over,
  };
}

/** A verify result without its head, for tests that only count rows. */
export const okRows = (result: { ok: boolean; rows: number }) => ({ ok: result.ok, rows: result.rows });

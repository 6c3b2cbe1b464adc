import type { AuditEvent } from '../../src/audit/store.js';

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

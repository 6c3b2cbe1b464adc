import type { Message } from '../messages/message.js';

export type Status = 'ok' | 'warn' | 'fail';

/** One line of `doctor`: what was checked, the verdict, and for a problem the fix. */
export interface Check {
  check: string;
  status: Status;
  message: string;
  fix?: string;
  /** The message kind (src/messages/) for a problem. */
  id?: string;
}

export const ok = (check: string, message: string): Check => ({ check, status: 'ok', message });

export const problem = (check: string, status: 'warn' | 'fail', m: Message): Check =>
  ({ check, status, message: m.problem, fix: m.fix, id: m.id });

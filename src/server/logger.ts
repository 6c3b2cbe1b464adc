import pino, { type Logger } from 'pino';
import { jsonForPeople } from '../text/json-for-people.js';

/**
 * Logs never touch stdout: in serve mode it carries the protocol, and one stray byte
 * corrupts the session. Synchronous writes so a crash still leaves its last words.
 * Log lines carry agent text (paths, tool names, error messages) and people `cat` them:
 * C1 controls, bidi and invisible characters are written as `\u` escapes, the same JSON.
 */
export function createLogger(options: { level: string; file?: string }): Logger {
  const destination = options.file
    ? pino.destination({ dest: options.file, mkdir: true, sync: true })
    : pino.destination({ fd: 2, sync: true });
  return pino({ name: 'mcp-warden', level: options.level, hooks: { streamWrite: jsonForPeople } }, destination);
}

import fs from 'node:fs';
import { parse, printParseErrorCode, type ParseError } from 'jsonc-parser';
import { clientFileEmpty, clientFileMalformed, clientFileShape, clientFileUnreadable } from '../messages/client-files.js';
import type { Message } from '../messages/message.js';
import type { ClientFile } from './clients.js';

/** A client file we refuse to touch or read, with the message that says why and what to do. */
export class ClientFileError extends Error {
  constructor(readonly detail: Message) {
    super(`${detail.problem} Fix: ${detail.fix}`);
    this.name = 'ClientFileError';
  }
}

/** A client config file as read: its exact text (to edit and to check for changes) and its server table. */
export interface ClientDoc {
  target: ClientFile;
  exists: boolean;
  /** The bytes as read, for the backup and the lost-update check. */
  raw: Buffer;
  /** The text without a byte-order mark. */
  text: string;
  bom: boolean;
  servers: Record<string, unknown>;
}

const PHRASES: Record<string, string> = {
  InvalidSymbol: 'an unexpected character',
  InvalidNumberFormat: 'a malformed number',
  PropertyNameExpected: 'a property name in double quotes is expected',
  ValueExpected: 'a value is expected',
  ColonExpected: 'a colon is missing',
  CommaExpected: 'a comma is missing',
  CloseBraceExpected: 'a closing } is missing',
  CloseBracketExpected: 'a closing ] is missing',
  EndOfFileExpected: 'text after the end of the JSON value',
  InvalidCommentToken: 'a comment, which this client does not accept (it reads plain JSON)',
  UnexpectedEndOfComment: 'an unterminated comment',
  UnexpectedEndOfString: 'an unterminated string',
  UnexpectedEndOfNumber: 'an unterminated number',
  InvalidUnicode: 'a bad \\u escape',
  InvalidEscapeCharacter: 'a bad escape in a string',
  InvalidCharacter: 'a control character in a string',
};

/** `line 4, column 3` for an offset. */
export function lineColumn(text: string, offset: number): string {
  const before = text.slice(0, offset).split('\n');
  return `line ${before.length}, column ${before[before.length - 1].length + 1}`;
}

/** Reads and checks a client file; a missing file is an empty table. Nothing is ever written here. */
export function readClientFile(target: ClientFile): ClientDoc {
  let raw: Buffer;
  try {
    raw = fs.readFileSync(target.file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return { target, exists: false, raw: Buffer.alloc(0), text: '', bom: false, servers: {} };
    throw new ClientFileError(clientFileUnreadable.build({ client: target.label, file: target.file, reason: (error as Error).message }));
  }
  const decoded = raw.toString('utf8');
  const bom = decoded.startsWith('\uFEFF');
  const text = bom ? decoded.slice(1) : decoded;
  const where = { client: target.label, file: target.file };
  if (text.trim() === '') throw new ClientFileError(clientFileEmpty.build(where));
  const errors: ParseError[] = [];
  const data: unknown = parse(text, errors, { disallowComments: !target.jsonc, allowTrailingComma: target.jsonc, allowEmptyContent: false });
  if (errors.length) {
    const first = errors[0];
    const code = printParseErrorCode(first.error);
    throw new ClientFileError(clientFileMalformed.build({ ...where, reason: `${lineColumn(text, first.offset)}: ${PHRASES[code] ?? code}` }));
  }
  if (!target.jsonc) {
    // The client reads this file with JSON.parse; what it refuses, we refuse too.
    try { JSON.parse(text); } catch (error) {
      throw new ClientFileError(clientFileMalformed.build({ ...where, reason: (error as Error).message }));
    }
  }
  if (!isObject(data)) throw new ClientFileError(clientFileShape.build({ ...where, reason: `the top level is ${describe(data)}, expected an object` }));
  const servers = Object.hasOwn(data, target.key) ? data[target.key] : {};
  if (!isObject(servers)) {
    throw new ClientFileError(clientFileShape.build({ ...where, reason: `"${target.key}" is ${describe(servers)}, expected an object of servers` }));
  }
  return { target, exists: true, raw, text, bom, servers };
}

export function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (v === null) return 'null';
  return typeof v === 'object' ? 'an object' : `a ${typeof v}`;
}

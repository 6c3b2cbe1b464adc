import { test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { createLogger } from '../../src/server/logger.js';
import { tempDir } from '../helpers/temp.js';

// A log line carries agent text (a path, a tool name, an error message), and people `cat`
// the log: JSON escapes C0, but a C1 CSI, a bidi override or a zero-width space would
// reach the terminal raw.
const HOSTILE = 'a\u009b2K\u009d52;c;cm0=\u009c\u202egpj.exe\u200b\u2028\u{e0041}\u001b[2K';

test('attack: C1, bidi and invisible characters in a log line are written as \\u escapes, the same JSON', () => {
  const dir = tempDir('warden-log-');
  try {
    const file = path.join(dir, 'warden.log');
    const logger = createLogger({ level: 'info', file });
    logger.child({ session: HOSTILE }).warn({ path: HOSTILE, err: new Error(`cannot read ${HOSTILE}`) }, `tool ${HOSTILE} failed`);
    const text = fs.readFileSync(file, 'utf8');
    assert.doesNotMatch(text, /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u200b-\u200f\u202a-\u202e\u2028\u2029\u{e0000}-\u{e007f}]/u, text);
    assert.ok(text.includes('\\u009b2K') && text.includes('\\u202e') && text.includes('\\u200b') && text.includes('\\udb40\\udc41'));
    const line = JSON.parse(text);
    assert.deepEqual([line.path, line.session, line.msg, line.err.message], [HOSTILE, HOSTILE, `tool ${HOSTILE} failed`, `cannot read ${HOSTILE}`]);
  } finally { fs.rmSync(dir, { recursive: true, force: true }); }
});

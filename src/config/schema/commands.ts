import { z } from 'zod';
import { section, positiveInt } from './common.js';

export const CommandRule = section({
  /** First operand must be one of these (e.g. git's `status`, `log`). */
  subcommands: z.array(z.string()).optional(),
  /** The flags this program may get (preferred over denyArgs). */
  allowArgs: z.array(z.string()).optional(),
  denyArgs: z.array(z.string()).optional(),
  /** Interpreters and runners can run anything; they must be marked so. */
  dangerous: z.boolean().default(false),
});

export const Commands = section({
  allow: z.record(z.string().regex(/^[A-Za-z0-9._+-]+$/, 'expected a program name, not a path'), CommandRule).default({}),
  cwd: z.string().optional(),
  timeoutMs: positiveInt.default(30_000),
  maxOutputBytes: positiveInt.default(1024 * 1024),
  env: section({
    inherit: z.array(z.string()).default(['HOME', 'LANG', 'LC_*', 'TERM']),
    set: z.record(z.string(), z.string()).default({}),
  }).prefault({}),
  sandbox: z.enum(['required', 'auto', 'off']).default('required'),
  network: z.boolean().default(false),
});

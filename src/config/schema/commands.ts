import { z } from 'zod';
import { section, positiveInt, record } from './common.js';

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
  allow: record(z.string().regex(/^[A-Za-z0-9._+-]+$/, 'expected a program name, not a path'), CommandRule).default({}),
  cwd: z.string().optional(),
  timeoutMs: positiveInt.default(30_000),
  maxOutputBytes: positiveInt.default(1024 * 1024),
  env: section({
    inherit: z.array(z.string()).default(['HOME', 'LANG', 'LC_*', 'TERM']),
    set: record(z.string(), z.string()).default({}),
  }).prefault({}),
  sandbox: z.enum(['required', 'auto', 'off']).default('required'),
  network: z.boolean().default(false),
  /** Per-command resource limits (prlimit): CPU seconds (default: the timeout), file size, open files, processes. */
  rlimits: section({
    cpuSeconds: positiveInt.optional(),
    fileSizeBytes: positiveInt.default(256 * 1024 * 1024),
    openFiles: positiveInt.default(256),
    processes: positiveInt.default(256),
  }).prefault({}),
});

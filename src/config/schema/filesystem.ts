import { z } from 'zod';
import { section, positiveInt } from './common.js';

const MiB = 1024 * 1024;

export const Root = section({
  path: z.string().min(1),
  access: z.enum(['read', 'read-write']).default('read'),
});

export const Filesystem = section({
  roots: z.array(Root).default([]),
  /** Globs (src/glob: picomatch syntax with dotfiles, no extglobs) matched against canonical paths; added to the built-in defaults. */
  deny: z.array(z.string()).default([]),
  /** Set false to drop the built-in secret globs (`.env`, keys, `.ssh`, ...). */
  defaultDeny: z.boolean().default(true),
  maxReadBytes: positiveInt.default(8 * MiB),
  maxWriteBytes: positiveInt.default(8 * MiB),
  hardLinks: z.enum(['deny', 'allow']).default('deny'),
  /** Names from the write-protected list (ARCHITECTURE.md §3) that may be written after all. */
  unprotect: z.array(z.string()).default([]),
});

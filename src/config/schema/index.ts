import { z } from 'zod';
import { section, positiveInt, RateLimit, record } from './common.js';
import { Users, Roles, Policies } from './policy.js';
import { Filesystem } from './filesystem.js';
import { Databases } from './databases.js';
import { Commands } from './commands.js';
import { Auth } from './auth.js';
import { Http } from './http.js';

const MiB = 1024 * 1024;

/** The whole config file (ARCHITECTURE.md §11). Every key has a safe default: `{}` can do nothing. */
export const ConfigSchema = section({
  $schema: z.string().optional(),
  principal: z.string().min(1).default('default'),
  users: Users.default({}),
  roles: Roles.default({}),
  policies: Policies.default([]),
  filesystem: Filesystem.prefault({}),
  databases: Databases.default({}),
  commands: Commands.prefault({}),
  rateLimits: section({
    default: RateLimit.default({ capacity: 60, refillPerSecond: 20 }),
    tools: record(z.string(), RateLimit).default({}),
    total: RateLimit.default({ capacity: 200, refillPerSecond: 50 }),
  }).prefault({}),
  approval: section({ timeoutMs: positiveInt.default(60_000) }).prefault({}),
  limits: section({ maxResultBytes: positiveInt.default(8 * MiB) }).prefault({}),
  audit: section({
    path: z.string().min(1).optional(),
    /** Argument key names whose values are replaced by `[redacted]` (added to the built-ins). */
    redact: z.array(z.string()).default([]),
    encryption: section({ keyEnv: z.string().min(1) }).optional(),
    retainDays: positiveInt.optional(),
  }).prefault({}),
  auth: Auth.prefault({}),
  http: Http.prefault({}),
  log: section({
    level: z.enum(['trace', 'debug', 'info', 'warn', 'error', 'fatal', 'silent']).default('info'),
    file: z.string().optional(),
  }).prefault({}),
});

export type ConfigInput = z.input<typeof ConfigSchema>;
export type ParsedConfig = z.output<typeof ConfigSchema>;
export type { RateLimitConfig } from './common.js';

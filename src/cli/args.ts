import { parseArgs, type ParseArgsConfig } from 'node:util';

/** A usage problem: printed with the verb's help, exit 2. */
export class UsageError extends Error {}

/** node:util parseArgs, strict: an unknown flag is an error that names it. */
export function parse<T extends NonNullable<ParseArgsConfig['options']>>(argv: string[], options: T, allowPositionals = false) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals });
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}

/** `--config` and `--audit` are accepted by every verb that reads the config or the log. */
export const configOption = { config: { type: 'string', short: 'c' } } as const;

export const out = (text: string) => process.stdout.write(text.endsWith('\n') ? text : `${text}\n`);
export const err = (text: string) => process.stderr.write(text.endsWith('\n') ? text : `${text}\n`);

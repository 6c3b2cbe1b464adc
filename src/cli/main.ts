import { UsageError, err, out } from './args.js';
import { HELP, verbHelp } from './help.js';
import { VERSION } from '../server/version.js';

type Verb = (argv: string[]) => Promise<number | void>;

// Each verb is imported only when used: start-up time of `serve` matters most.
const VERBS: Record<string, () => Promise<Verb>> = {
  serve: async () => (await import('./serve.js')).serveCommand,
  init: async () => (await import('./init.js')).initCommand,
  check: async () => (await import('./check.js')).checkCommand,
  explain: async () => (await import('./explain.js')).explainCommand,
  schema: async () => (await import('./schema.js')).jsonSchemaCommand,
  audit: async () => (await import('./audit.js')).auditCommand,
  setup: async () => (await import('./setup.js')).setupCommand,
  import: async () => (await import('./import.js')).importCommand,
  doctor: async () => (await import('./doctor.js')).doctorCommand,
  auth: async () => (await import('./auth.js')).authCommand,
};

export async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  const verb = first === undefined || (first.startsWith('-') && !INFO_FLAGS.has(first)) ? 'serve' : first;
  if (verb !== 'serve') endQuietlyOnClosedStdout();
  if (first === '--version' || first === '-v') return void out(VERSION);
  if (first === '--help' || first === '-h') return void out(HELP);
  if (first === 'help') return help(rest);
  const args = verb === first ? rest : argv;
  const load = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
  if (!load) {
    err(`Unknown verb "${verb}". Verbs: ${Object.keys(VERBS).join(', ')}. See mcp-warden --help.`);
    process.exitCode = 2;
    return;
  }
  // As git and npm do: `--help` anywhere before `--` asks for the verb's usage, never runs it.
  const flags = args.includes('--') ? args.slice(0, args.indexOf('--')) : args;
  if (flags.includes('--help') || flags.includes('-h')) return help([verb, ...args]);
  try {
    const code = await (await load())(args);
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`${error.message}\nSee mcp-warden --help.`);
    process.exitCode = 2;
  }
}

const INFO_FLAGS = new Set(['--version', '-v', '--help', '-h']);

/**
 * A reader that stops early (`mcp-warden audit verify | head -1`) closes the pipe: the
 * verb then ends at once, status 0 and nothing on stderr, as `cat` does. Not in `serve`,
 * whose stdout is the protocol: there a gone client is the transport's to handle, and
 * in-flight calls must still be audited.
 */
function endQuietlyOnClosedStdout(): void {
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(0);
  });
}

/** `help [VERB [SUBVERB]]`, `VERB --help`: that verb's usage, else the whole help. */
function help(words: string[]): void {
  if (words.length === 0) return void out(HELP);
  const usage = verbHelp(words);
  if (usage) return void out(usage.text);
  err(`No help for "${words.filter((w) => !w.startsWith('-')).join(' ')}". Verbs: ${Object.keys(VERBS).join(', ')}. See mcp-warden --help.`);
  process.exitCode = 2;
}

await main(process.argv.slice(2));

import { UsageError, err, out } from './args.js';
import { HELP } from './help.js';
import { VERSION } from '../server/version.js';

type Verb = (argv: string[]) => Promise<number | void>;

// Each verb is imported only when used: start-up time of `serve` matters most.
const VERBS: Record<string, () => Promise<Verb>> = {
  serve: async () => (await import('./serve.js')).serveCommand,
  init: async () => (await import('./init.js')).initCommand,
  check: async () => (await import('./check.js')).checkCommand,
  explain: async () => (await import('./explain.js')).explainCommand,
  schema: async () => (await import('./schema.js')).schemaCommand,
  audit: async () => (await import('./audit.js')).auditCommand,
  setup: async () => (await import('./setup.js')).setupCommand,
  import: async () => (await import('./import.js')).importCommand,
  doctor: async () => (await import('./doctor.js')).doctorCommand,
  auth: async () => (await import('./auth.js')).authCommand,
};

export async function main(argv: string[]): Promise<void> {
  const [first, ...rest] = argv;
  if (first === '--version' || first === '-v') return void out(VERSION);
  if (first === '--help' || first === '-h' || first === 'help') return void out(HELP);
  const verb = first === undefined || first.startsWith('-') ? 'serve' : first;
  const args = verb === first ? rest : argv;
  const load = Object.hasOwn(VERBS, verb) ? VERBS[verb] : undefined;
  if (!load) {
    err(`Unknown verb "${verb}". Verbs: ${Object.keys(VERBS).join(', ')}. See mcp-warden --help.`);
    process.exitCode = 2;
    return;
  }
  try {
    const code = await (await load())(args);
    if (typeof code === 'number') process.exitCode = code;
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    err(`${error.message}\nSee mcp-warden --help.`);
    process.exitCode = 2;
  }
}

await main(process.argv.slice(2));

import { generateApiKey, hashApiKey } from '../auth/api-keys.js';
import { parse, out, UsageError } from './args.js';

const PIPE_IT = 'pipe it in: printf %s "$KEY" | mcp-warden auth hash-key --stdin';

/**
 * `auth hash-key`: a new API key with its config entry, or (`--stdin`) the hash of a
 * key piped in. A key is never taken as an argument: argv lands in shell history and ps.
 */
async function hashKey(argv: string[]): Promise<number> {
  const { values, positionals } = parse(argv, {
    stdin: { type: 'boolean' }, id: { type: 'string' }, principal: { type: 'string' },
  }, true);
  // The positional is probably the key: say so without echoing it.
  if (positionals.length) throw new UsageError(`auth hash-key takes no key as an argument (it would stay in shell history and show in ps); ${PIPE_IT}`);
  if (values.stdin) {
    if (values.id !== undefined || values.principal !== undefined) throw new UsageError('--id and --principal are for a new key; --stdin prints only the hash.');
    if (process.stdin.isTTY) throw new UsageError(`--stdin reads a key from a pipe, not from the terminal; ${PIPE_IT}`);
    const key = (await readStdin()).trim();
    if (!key) throw new UsageError(`--stdin read no key; ${PIPE_IT}`);
    out(hashApiKey(key));
    return 0;
  }
  const id = values.id ?? `key-${new Date().toISOString().slice(0, 10)}`;
  if (!/^[A-Za-z0-9_.-]+$/.test(id)) throw new UsageError('--id takes a name of letters, digits, _ . -');
  const principal = values.principal ?? 'me';
  if (principal === '') throw new UsageError('--principal takes a principal name, as in users.');
  const key = generateApiKey();
  const hash = hashApiKey(key);
  const snippet = { auth: { apiKeys: { [id]: { hash, principal } } } };
  out([
    `New API key "${id}" (shown only this once; the config keeps just its hash):`,
    `  ${key}`,
    `Hash: ${hash}`,
    'Clients send it as Authorization: Bearer <key> or X-API-Key: <key>.',
    `Merge into the config (principal "${principal}" must be in users):`,
    JSON.stringify(snippet, null, 2),
  ].join('\n'));
  return 0;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

const AUTH_VERBS: Record<string, (argv: string[]) => Promise<number>> = { 'hash-key': hashKey };

export async function authCommand(argv: string[]): Promise<number> {
  const [verb, ...rest] = argv;
  const run = verb && Object.hasOwn(AUTH_VERBS, verb) ? AUTH_VERBS[verb] : undefined;
  if (!run) throw new UsageError(`auth needs a verb: ${Object.keys(AUTH_VERBS).join(', ')}.`);
  return run(rest);
}

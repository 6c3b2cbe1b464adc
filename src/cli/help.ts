import { VERSION } from '../server/version.js';

/** One verb's usage: its lines exactly as the top-level help shows them. */
interface Usage {
  /** `serve`, `audit tail`, `auth hash-key`: what a user types before the flags. */
  verb: string;
  text: string;
  /** Takes `--config` (every verb that reads the config) and `--audit` (audit verbs). */
  options: ReadonlyArray<'config' | 'audit'>;
}

const AUDIT = ['config', 'audit'] as const;
const CONFIG = ['config'] as const;

// The one place a verb's usage is written: `--help`, `VERB --help` and `help VERB` print it.
const USAGES: readonly Usage[] = [
  { verb: 'serve', options: CONFIG, text: `
  serve                     run the stdio MCP server (the default)
  serve --http [--host H] [--port N]
                            shared mode: MCP Streamable HTTP on /mcp (default 127.0.0.1:8787,
                            else http.host/http.port), principal from the credential (auth.*
                            must be configured); /healthz, /readyz, /metrics beside it` },
  { verb: 'init', options: [], text: `
  init                      write ./mcp-warden.json for this folder (never overwrites)` },
  { verb: 'check', options: CONFIG, text: `
  check                     validate the config; show what each principal may do` },
  { verb: 'explain', options: CONFIG, text: `
  explain --tool T --args JSON [--principal P]
                            dry-run a call through rate limit, validation, guard and
                            authorization; exit 0 allow, 1 deny, 3 ask` },
  { verb: 'schema', options: [], text: `
  schema                    print the config's JSON Schema` },
  { verb: 'setup', options: CONFIG, text: `
  setup --client claude-desktop|claude-code|vscode|cursor [--scope user|project]
        [--file FILE] [--npx|--local] [--write [--force]]
                            print the client's config entry for mcp-warden; --write merges
                            it into the client's file (backup first, comments kept)` },
  { verb: 'import', options: [], text: `
  import [--client C [--scope S] [--from FILE]] [--out FILE] [--write [--force]]
                            turn a server-filesystem entry into an mcp-warden config
                            (same folders as roots); --write also swaps the client entry` },
  { verb: 'doctor', options: CONFIG, text: `
  doctor [--json]           check Node, config, roots, audit log, databases, programs,
                            sandbox and client entries; exit 1 on a failure, 2 without a config` },
  { verb: 'audit tail', options: AUDIT, text: `
  audit tail [-n N] [-f] [--json]
                            the last N calls (default 20): time, tool, resource, decision,
                            outcome, duration; -f follows new rows of every server process` },
  { verb: 'audit search', options: AUDIT, text: `
  audit search [--tool T] [--decision allow|deny|ask] [--outcome O] [--principal P]
               [--session S] [--since 2h|7d|ISO] [--until ...] [--resource GLOB]
               [--text WORDS] [--limit N] [--json]
                            matching rows, oldest first (--text: full text over args,
                            reason and error; --limit: the newest N)` },
  { verb: 'audit show', options: AUDIT, text: `
  audit show CALL [--json]  the decision and outcome rows of one call (id or unique prefix)` },
  { verb: 'audit verify', options: AUDIT, text: `
  audit verify [--head HASH]
                            check the audit log's hash chain (exit 0 intact, 1 tampered, 2 unreadable);
                            --head: a head printed earlier must still be in the log (no row cut off)` },
  { verb: 'audit export', options: AUDIT, text: `
  audit export [--format jsonl|csv] [--out FILE] [search filters]
                            every row with the fields id, ts, session, call, principal, client,
                            tool, kind, decision, reason, resource, args, outcome, error,
                            durationMs, bytes` },
  { verb: 'audit stats', options: AUDIT, text: `
  audit stats [--since ...] [--until ...] [--tool T] [--json]
                            calls per tool, decision and outcome, top denial reasons, p50/p95` },
  { verb: 'audit prune', options: AUDIT, text: `
  audit prune --before DATE [--dry-run]
                            remove older rows (default cutoff: audit.retainDays); a checkpoint
                            row keeps the chain verifiable; a tampered log is not pruned` },
  { verb: 'audit report', options: AUDIT, text: `
  audit report --out FILE.html [search filters] [--limit N]
                            one self-contained HTML page: timeline, charts, denials, search box` },
  { verb: 'auth hash-key', options: [], text: `
  auth hash-key [--id ID] [--principal P]
                            shared mode: a new API key (printed once), its hash and the
                            auth.apiKeys entry to paste; never pass a key as an argument
  auth hash-key --stdin     print only the hash of a key piped in:
                            printf %s "$KEY" | mcp-warden auth hash-key --stdin` },
];

const OPTION_LINES = {
  config: '  -c, --config FILE         config file (else MCP_WARDEN_CONFIG, ./mcp-warden.json, the user config folder)',
  audit: '      --audit FILE          audit database (audit verbs; else the config\'s audit.path)',
};

export const HELP = `mcp-warden ${VERSION}: a guarded MCP tool server (files, SQL, commands) with an audit log.

Usage: mcp-warden [verb] [options]
       mcp-warden VERB --help    (or: mcp-warden help VERB) one verb's usage

Verbs:${USAGES.map((u) => u.text).join('')}

Options:
${OPTION_LINES.config}
${OPTION_LINES.audit}
  -h, --help                this text
  -v, --version             the version
`;

/**
 * The usage of `words` (`['audit', 'tail', ...]`): the longest verb they start with, or
 * every subverb of a group (`audit`, `auth`). Undefined when no verb matches.
 */
export function verbHelp(words: readonly string[]): { verb: string; text: string } | undefined {
  const [first, second] = words;
  if (first === undefined) return undefined;
  const exact = USAGES.find((u) => u.verb === `${first} ${second}`) ?? USAGES.find((u) => u.verb === first);
  const chosen = exact ? [exact] : USAGES.filter((u) => u.verb.startsWith(`${first} `));
  if (chosen.length === 0) return undefined;
  const verb = exact?.verb ?? first;
  const options = [...new Set(chosen.flatMap((u) => u.options))].map((o) => OPTION_LINES[o]);
  const text = `Usage of mcp-warden ${verb}:\n${chosen.map((u) => u.text).join('')}\n\nOptions:\n${[...options, '  -h, --help                this text'].join('\n')}\n`;
  return { verb, text };
}

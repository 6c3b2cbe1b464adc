import { VERSION } from '../server/version.js';

export const HELP = `mcp-warden ${VERSION}: a guarded MCP tool server (files, SQL, commands) with an audit log.

Usage: mcp-warden [verb] [options]

Verbs:
  serve                     run the stdio MCP server (the default)
  serve --http [--host H] [--port N]
                            shared mode: MCP Streamable HTTP on /mcp (default 127.0.0.1:8787,
                            else http.host/http.port), principal from the credential (auth.*
                            must be configured); /healthz, /readyz, /metrics beside it
  init                      write ./mcp-warden.json for this folder (never overwrites)
  check                     validate the config; show what each principal may do
  explain --tool T --args JSON [--principal P]
                            dry-run a call through rate limit, validation, guard and
                            authorization; exit 0 allow, 1 deny, 3 ask
  schema                    print the config's JSON Schema
  setup --client claude-desktop|claude-code|vscode|cursor [--scope user|project]
        [--file FILE] [--npx|--local] [--write [--force]]
                            print the client's config entry for mcp-warden; --write merges
                            it into the client's file (backup first, comments kept)
  import [--client C [--scope S] [--from FILE]] [--out FILE] [--write [--force]]
                            turn a server-filesystem entry into an mcp-warden config
                            (same folders as roots); --write also swaps the client entry
  doctor [--json]           check Node, config, roots, audit log, databases, programs,
                            sandbox and client entries; exit 1 on a failure, 2 without a config
  audit tail [-n N] [-f] [--json]
                            the last N calls (default 20): time, tool, resource, decision,
                            outcome, duration; -f follows new rows of every server process
  audit search [--tool T] [--decision allow|deny|ask] [--outcome O] [--principal P]
               [--session S] [--since 2h|7d|ISO] [--until ...] [--resource GLOB]
               [--text WORDS] [--limit N] [--json]
                            matching rows, oldest first (--text: full text over args,
                            reason and error; --limit: the newest N)
  audit show CALL [--json]  the decision and outcome rows of one call (id or unique prefix)
  audit verify [--head HASH]
                            check the audit log's hash chain (exit 0 intact, 1 tampered, 2 unreadable);
                            --head: a head printed earlier must still be in the log (no row cut off)
  audit export [--format jsonl|csv] [--out FILE] [search filters]
                            every row with the fields id, ts, session, call, principal, client,
                            tool, kind, decision, reason, resource, args, outcome, error,
                            durationMs, bytes
  audit stats [--since ...] [--until ...] [--tool T] [--json]
                            calls per tool, decision and outcome, top denial reasons, p50/p95
  audit prune --before DATE [--dry-run]
                            remove older rows (default cutoff: audit.retainDays); a checkpoint
                            row keeps the chain verifiable; a tampered log is not pruned
  audit report --out FILE.html [search filters] [--limit N]
                            one self-contained HTML page: timeline, charts, denials, search box
  auth hash-key [--id ID] [--principal P]
                            shared mode: a new API key (printed once), its hash and the
                            auth.apiKeys entry to paste; never pass a key as an argument
  auth hash-key --stdin     print only the hash of a key piped in:
                            printf %s "$KEY" | mcp-warden auth hash-key --stdin

Options:
  -c, --config FILE         config file (else MCP_WARDEN_CONFIG, ./mcp-warden.json, the user config folder)
      --audit FILE          audit database (audit verbs; else the config's audit.path)
  -h, --help                this text
  -v, --version             the version
`;

import { VERSION } from '../server/version.js';

export const HELP = `mcp-warden ${VERSION}: a guarded MCP tool server (files, SQL, commands) with an audit log.

Usage: mcp-warden [verb] [options]

Verbs:
  serve                     run the stdio MCP server (the default)
  init                      write ./mcp-warden.json for this folder (never overwrites)
  check                     validate the config; show what each principal may do
  explain --tool T --args JSON [--principal P]
                            dry-run a call through rate limit, validation, guard and
                            authorization; exit 0 allow, 1 deny, 3 ask
  schema                    print the config's JSON Schema
  audit verify              check the audit log's hash chain (exit 0 intact, 1 tampered, 2 unreadable)
  audit search [--tool T] [--decision allow|deny|ask] [--since 2h|ISO] [--until ...]
               [--principal P] [--session S] [--outcome O] [--limit N] [--json]

Options:
  -c, --config FILE         config file (else MCP_WARDEN_CONFIG, ./mcp-warden.json, the user config folder)
      --audit FILE          audit database (audit verbs; else the config's audit.path)
  -h, --help                this text
  -v, --version             the version
`;

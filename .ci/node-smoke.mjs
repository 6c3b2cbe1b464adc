// Run by .ci/node-matrix under another Node major, from a folder where the packed
// mcp-warden is installed: one file, one SQL and one command call over real stdio, then
// `audit verify` must exit 0. Prints the plain closing line CI reads.
import fs from 'node:fs';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { createRequire } from 'node:module';

const app = process.cwd();
const require = createRequire(path.join(app, 'package.json'));
const { Client } = await import(require.resolve('@modelcontextprotocol/sdk/client/index.js'));
const { StdioClientTransport } = await import(require.resolve('@modelcontextprotocol/sdk/client/stdio.js'));
const Database = require('better-sqlite3');

const bin = path.join(app, 'node_modules', 'mcp-warden', 'bin', 'mcp-warden.js');
const work = fs.mkdtempSync(path.join(app, 'smoke-'));
fs.mkdirSync(path.join(work, 'root'));
fs.writeFileSync(path.join(work, 'root', 'hello.txt'), 'hello from the smoke test\n');
const db = new Database(path.join(work, 'app.db'));
db.exec("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT); INSERT INTO t (name) VALUES ('one'), ('two');");
db.close();
const config = {
  principal: 'me',
  users: { me: { roles: ['developer'] } },
  filesystem: { roots: [{ path: 'root', access: 'read-write' }] },
  databases: { app: { path: 'app.db', access: 'read' } },
  commands: { allow: { echo: {} }, cwd: 'root', sandbox: 'auto' },
  audit: { path: 'audit.db' },
  log: { level: 'warn' },
};
const configPath = path.join(work, 'mcp-warden.json');
fs.writeFileSync(configPath, JSON.stringify(config));

let passed = 0;
let failed = 0;
const check = (name, ok, detail) => {
  if (ok) passed += 1; else { failed += 1; console.log(`not ok: ${name}: ${detail}`); }
};

const transport = new StdioClientTransport({ command: process.execPath, args: [bin, 'serve', '--config', configPath], stderr: 'inherit' });
const client = new Client({ name: 'node-smoke', version: '1.0.0' });
await client.connect(transport);
const text = (r) => r.content?.[0]?.text ?? '';
const file = await client.callTool({ name: 'read_text_file', arguments: { path: path.join(work, 'root', 'hello.txt') } });
check('read_text_file', !file.isError && text(file).includes('hello from the smoke test'), text(file));
const sql = await client.callTool({ name: 'sql_query', arguments: { database: 'app', sql: 'SELECT name FROM t ORDER BY id' } });
check('sql_query', !sql.isError && JSON.stringify(sql.structuredContent).includes('two'), text(sql));
const cmd = await client.callTool({ name: 'run_command', arguments: { command: 'echo', args: ['warden'] } });
check('run_command', !cmd.isError && cmd.structuredContent?.stdout === 'warden\n', text(cmd));
await client.close();

let verified = 0;
try {
  execFileSync(process.execPath, [bin, 'audit', 'verify', '--config', configPath], { stdio: ['ignore', 'ignore', 'inherit'] });
} catch (error) {
  verified = error.status ?? 1;
}
check('audit verify', verified === 0, `exit ${verified}`);
console.log(`node ${process.version}: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

// Issue 15, §8: every tool's input schema converts without changing its meaning in the client
// libraries agents are built with. Each library loads the tools from a real server over stdio
// as it does in an app; the converted schema must accept exactly the sample calls the server
// accepts. Versions are pinned in package.json (the newest whose whole tree supports Node 20).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import type { Tool as McpTool } from '@modelcontextprotocol/sdk/types.js';
import { AjvJsonSchemaValidator } from '@modelcontextprotocol/sdk/validation/ajv';
import { loadMcpTools } from '@langchain/mcp-adapters';
import { ToolInputParsingException } from '@langchain/core/tools';
import { MCPServerStdio, getAllMcpTools, RunContext, type FunctionTool } from '@openai/agents-core';
import { createMCPClient } from '@ai-sdk/mcp';
import { Experimental_StdioMCPTransport } from '@ai-sdk/mcp/mcp-stdio';
import { generateText, stepCountIs, type ToolSet } from 'ai';
import { MockLanguageModelV3 } from 'ai/test';
import { BIN, startServer, refusalOf, type RunningServer } from '../helpers/server.js';
import { tempDir } from '../helpers/temp.js';
import { makeDatabase } from '../guards/sql-fixture.js';
import { samplesFor, type Sample } from './schema-samples.js';

const ajv = new AjvJsonSchemaValidator();
const accepts = (schema: object, args: unknown) => ajv.getValidator(schema as any)(args).valid;

let server: RunningServer;
let tools: McpTool[];
const verdicts = new Map<string, boolean>();

/** A config with every family on, written to its own folder (each client gets its own server and audit log). */
function configIn(dir: string, db: string, root: string) {
  const config = {
    principal: 'me', users: { me: { roles: ['admin'] } },
    filesystem: { roots: [{ path: root, access: 'read-write' }] },
    databases: { main: { path: db, access: 'read-write' } },
    commands: { allow: { ls: {}, cat: {} }, sandbox: 'off' },
    rateLimits: { default: { capacity: 100_000, refillPerSecond: 100_000 }, total: { capacity: 100_000, refillPerSecond: 100_000 } },
    audit: { path: path.join(dir, 'audit.db') },
  };
  const file = path.join(dir, 'mcp-warden.json');
  fs.writeFileSync(file, JSON.stringify(config));
  return { config, file };
}

let db: string;
let root: string;
const serve = (dir = tempDir()) => ({ command: process.execPath, args: [BIN, 'serve', '--config', configIn(dir, db, root).file] });
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? '/tmp' };

/** The server's own verdict: refused at validation, or not. */
async function serverAccepts(tool: string, args: Record<string, unknown>): Promise<boolean> {
  const key = `${tool} ${JSON.stringify(args)}`;
  if (!verdicts.has(key)) {
    const refusal = refusalOf(await server.call(tool, args));
    verdicts.set(key, !(refusal?.code === 'invalid_input' && refusal.step === 'validate'));
  }
  return verdicts.get(key)!;
}

// A map in `params` is the old spelling of named values: still accepted, no longer advertised
// (test/tools/sql/e2e.test.ts covers it), so no converted schema is expected to accept it.
const legacy = (tool: McpTool, s: Sample) => tool.name.startsWith('sql_') && s.label === '(arguments).params an object for an array';

function* samples(): Generator<[McpTool, Sample]> {
  for (const tool of tools) {
    const { valid, invalid } = samplesFor(tool.inputSchema);
    for (const s of [...valid, ...invalid]) if (!legacy(tool, s)) yield [tool, s];
  }
}

before(async () => {
  db = makeDatabase().path;
  root = tempDir('warden-root-');
  const dir = tempDir();
  server = await startServer(configIn(dir, db, root).config, { dir });
  tools = (await server.client.listTools()).tools;
  assert.equal(tools.length, 21, 'every family is on');
  // The samples are what they claim: each valid one passes our validation, each invalid one fails it.
  for (const [tool, s] of samples()) {
    const valid = !s.label.startsWith('(arguments)');
    assert.equal(await serverAccepts(tool.name, s.args), valid, `${tool.name} ${s.label}: ${JSON.stringify(s.args)}`);
  }
});
after(() => server.close());

/** Every subschema of a schema, with its path. */
function* nodes(s: unknown, at = ''): Generator<[string, Record<string, any>]> {
  if (!s || typeof s !== 'object') return;
  if (Array.isArray(s)) { for (const [i, x] of s.entries()) yield* nodes(x, `${at}[${i}]`); return; }
  yield [at, s as Record<string, any>];
  for (const [k, v] of Object.entries(s)) if (k !== 'enum' && k !== 'required') yield* nodes(v, `${at}.${k}`);
}

test('no tool schema has a type array (the Inspector\'s --strict, and providers that take one type per schema)', () => {
  const found = tools.flatMap((t) => [...nodes(t.inputSchema, `${t.name} input`), ...nodes(t.outputSchema, `${t.name} output`)]
    .filter(([, n]) => Array.isArray(n.type)).map(([at, n]) => `${at}: ${JSON.stringify(n.type)}`));
  assert.deepEqual(found, []);
});

test('no input schema has an open object (OpenAI strict mode cannot close one without changing what it accepts)', () => {
  // @openai/agents-core 0.15+ refuses these in strict mode; 0.14.3 (the newest on Node 20) closes them silently.
  const open = tools.flatMap((t) => [...nodes(t.inputSchema, t.name)]
    .filter(([, n]) => n.type === 'object' && n.additionalProperties !== false && Object.keys(n.properties ?? {}).length === 0)
    .map(([at, n]) => `${at}: ${JSON.stringify(n)}`));
  assert.deepEqual(open, []);
});

test('LangChain MCP adapters: each converted schema accepts and refuses what the server does', async () => {
  const client = await startServer(configIn(tempDir(), db, root).config);
  try {
    const converted = new Map((await loadMcpTools('warden', client.client)).map((t) => [t.name, t]));
    const mismatches: string[] = [];
    for (const [tool, s] of samples()) {
      let clientAccepts = true;
      try { await converted.get(tool.name)!.invoke(s.args); } catch (error) {
        clientAccepts = !(error instanceof ToolInputParsingException);
      }
      const ours = await serverAccepts(tool.name, s.args);
      // LangChain drops `anyOf`, so a scalar union becomes "any value": the server refuses those itself.
      if (clientAccepts !== ours && !(s.widened && clientAccepts)) mismatches.push(`${tool.name} ${s.label}: LangChain ${clientAccepts ? 'accepts' : 'refuses'}`);
    }
    assert.deepEqual(mismatches, []);
    // Positional and named values reach SQLite through LangChain.
    const positional = await converted.get('sql_query')!.invoke({ database: 'main', sql: 'SELECT name FROM projects WHERE id = ?', params: [1] });
    const named = await converted.get('sql_query')!.invoke({ database: 'main', sql: 'SELECT name FROM projects WHERE id = :id', namedParams: [{ name: ':id', value: 1 }] });
    assert.match(JSON.stringify(positional), /warden/);
    assert.match(JSON.stringify(named), /warden/);
  } finally {
    await client.close();
  }
});

/** What a strict-mode model must send: every property, null for the ones the call leaves out. */
function strictForm(args: Record<string, unknown>, strict: Record<string, any>): Record<string, unknown> {
  return Object.fromEntries(Object.keys(strict.properties ?? {}).map((k) => [k, k in args ? args[k] : null]).concat(
    Object.entries(args).filter(([k]) => !(k in (strict.properties ?? {})))));
}

test('OpenAI Agents (strict): every tool converts to strict mode, and the strict schema accepts what the server does', async () => {
  const mcp = new MCPServerStdio({ ...serve(), env, name: 'warden' });
  await mcp.connect();
  try {
    const converted = new Map((await getAllMcpTools({ mcpServers: [mcp], convertSchemasToStrict: true }) as FunctionTool[]).map((t) => [t.name, t]));
    assert.deepEqual([...converted.values()].filter((t) => !t.strict).map((t) => t.name), [], 'tools that fell back to non-strict');
    for (const t of converted.values()) {
      // OpenAI's strict mode: every object closed, every property required (optional ones nullable).
      for (const [at, n] of nodes(t.parameters, t.name)) {
        if (n.type !== 'object') continue;
        assert.equal(n.additionalProperties, false, `${at} is closed`);
        assert.deepEqual([...(n.required ?? [])].sort(), Object.keys(n.properties ?? {}).sort(), `${at} requires every property`);
      }
    }
    const mismatches: string[] = [];
    for (const [tool, s] of samples()) {
      const strict = converted.get(tool.name)!.parameters as Record<string, any>;
      const clientAccepts = accepts(strict, strictForm(s.args, strict));
      if (clientAccepts !== await serverAccepts(tool.name, s.args)) mismatches.push(`${tool.name} ${s.label}: strict schema ${clientAccepts ? 'accepts' : 'refuses'}`);
    }
    assert.deepEqual(mismatches, []);
    // A strict-mode call (nulls for what it leaves out) reaches SQLite with its values.
    const query = converted.get('sql_query')!;
    const ctx = new RunContext();
    const positional = await query.invoke(ctx, JSON.stringify({ database: 'main', sql: 'SELECT name FROM projects WHERE id = ?', params: [1], namedParams: null, maxRows: null }));
    const named = await query.invoke(ctx, JSON.stringify({ database: 'main', sql: 'SELECT name FROM projects WHERE id = $id', params: null, namedParams: [{ name: '$id', value: 1 }], maxRows: null }));
    assert.match(JSON.stringify(positional), /warden/);
    assert.match(JSON.stringify(named), /warden/);
  } finally {
    await mcp.close();
  }
});

test('Vercel AI SDK: the schema each tool sends the model accepts what the server does, and a tool call reaches SQLite', async () => {
  const client = await createMCPClient({ transport: new Experimental_StdioMCPTransport({ ...serve(), env }) });
  try {
    const aiTools = await client.tools() as ToolSet;
    const sent = new Map<string, object>();
    const calls = [
      { database: 'main', sql: 'SELECT name FROM projects WHERE id = ?', params: [1] },
      { database: 'main', sql: 'SELECT name FROM projects WHERE id = @id', namedParams: [{ name: '@id', value: 1 }] },
    ];
    let step = 0;
    const usage = { inputTokens: { total: 1, noCache: 1, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 1, text: 1, reasoning: 0 } };
    const model = new MockLanguageModelV3({
      doGenerate: async (options) => {
        for (const t of options.tools ?? []) if (t.type === 'function') sent.set(t.name, t.inputSchema);
        const input = calls[step++];
        return input
          ? { content: [{ type: 'tool-call', toolCallId: `c${step}`, toolName: 'sql_query', input: JSON.stringify(input) }], finishReason: { unified: 'tool-calls', raw: undefined }, usage, warnings: [] }
          : { content: [{ type: 'text', text: 'done' }], finishReason: { unified: 'stop', raw: undefined }, usage, warnings: [] };
      },
    });
    const result = await generateText({ model, tools: aiTools, prompt: 'look up project 1', stopWhen: stepCountIs(4) });
    const outputs = result.steps.flatMap((s) => s.toolResults.map((r) => JSON.stringify(r.output)));
    assert.equal(outputs.length, 2);
    for (const out of outputs) assert.match(out, /warden/);
    assert.equal(sent.size, tools.length, 'every tool was offered to the model');
    const mismatches: string[] = [];
    for (const [tool, s] of samples()) {
      const clientAccepts = accepts(sent.get(tool.name)!, s.args);
      if (clientAccepts !== await serverAccepts(tool.name, s.args)) mismatches.push(`${tool.name} ${s.label}: AI SDK schema ${clientAccepts ? 'accepts' : 'refuses'}`);
    }
    assert.deepEqual(mismatches, []);
  } finally {
    await client.close();
  }
});

test('what no portable schema can say, the server still refuses: both params and namedParams, a name given twice, a non-scalar value', async () => {
  const base = { database: 'main', sql: 'SELECT ? AS a, :n AS b' };
  const both = refusalOf(await server.call('sql_query', { ...base, params: [1], namedParams: [{ name: 'n', value: 2 }] }));
  assert.equal(both?.code, 'invalid_input');
  assert.match(both!.message, /namedParams: give positional values in params or named values in namedParams, not both/);
  const twice = refusalOf(await server.call('sql_query', { database: 'main', sql: 'SELECT :n', namedParams: [{ name: ':n', value: 1 }, { name: '$n', value: 2 }] }));
  assert.match(twice!.message, /namedParams\[1\]\.name: the placeholder "n" is given twice/);
  const object = refusalOf(await server.call('sql_query', { database: 'main', sql: 'SELECT ?', params: [{ x: 1 }] }));
  assert.equal(object?.code, 'invalid_input');
  assert.match(object!.message, /params: element 0 is not a string, number, boolean or null/);
});

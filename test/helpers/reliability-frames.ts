// Hostile stdin frames for the protocol-abuse test: garbage, truncated JSON, wrong
// types, huge ids, deep nesting, batches, stray responses and notifications.
import fc from 'fast-check';

// Ids the test client never uses, so no stray answer can be taken for the final one.
const foreignId = fc.oneof(
  fc.integer({ min: 1_000_000, max: Number.MAX_SAFE_INTEGER }), fc.string({ maxLength: 40 }),
  fc.constantFrom(1e308, -1e308, 2 ** 64, 1.5, -0, null, true, {}, [], '9'.repeat(10_000), 'x'.repeat(100_000)),
);
const TOOLS = ['read_text_file', 'read_media_file', 'read_multiple_files', 'get_file_info', 'list_directory', 'write_file', 'no_such_tool', '__proto__'];
/** One JSON-RPC request line. */
export const request = (id: unknown, method: string, params: unknown) => JSON.stringify({ jsonrpc: '2.0', id, method, params });
const validCall = fc.record({ id: foreignId, tool: fc.constantFrom(...TOOLS), args: fc.jsonValue({ maxDepth: 3 }) })
  .map(({ id, tool, args }) => request(id, 'tools/call', { name: tool, arguments: args }));
const nest = (n: number, inner = '0') => `${'['.repeat(n)}${inner}${']'.repeat(n)}`;

/** One line of abuse (may contain newlines: the caller flattens them). */
export const frame: fc.Arbitrary<string> = fc.oneof(
  // Garbage and binary noise (newlines would only split it into more garbage).
  fc.string({ unit: 'binary', maxLength: 300 }),
  fc.uint8Array({ maxLength: 300 }).map((b) => Buffer.from(b).toString('latin1')),
  // Truncated JSON.
  fc.tuple(validCall, fc.nat()).map(([line, cut]) => line.slice(0, cut % Math.max(1, line.length))),
  // Wrong types in every member.
  fc.record({ jsonrpc: fc.jsonValue({ maxDepth: 1 }), id: foreignId, method: fc.jsonValue({ maxDepth: 2 }), params: fc.jsonValue({ maxDepth: 3 }) }, { requiredKeys: [] })
    .map((m) => JSON.stringify(m)),
  fc.jsonValue({ maxDepth: 4 }).map((v) => JSON.stringify(v)),
  // Well-formed requests with random arguments, unknown methods, stray responses and notifications.
  validCall,
  fc.tuple(foreignId, fc.constantFrom('tools/list', 'ping', 'resources/list', 'prompts/get', 'initialize', 'logging/setLevel', 'x/y', ''), fc.jsonValue({ maxDepth: 2 }))
    .map(([id, method, params]) => request(id, method, params)),
  fc.tuple(foreignId, fc.jsonValue({ maxDepth: 2 })).map(([id, result]) => JSON.stringify({ jsonrpc: '2.0', id, result })),
  fc.tuple(fc.constantFrom('notifications/cancelled', 'notifications/progress', 'notifications/roots/list_changed', 'notifications/x'), fc.jsonValue({ maxDepth: 2 }))
    .map(([method, params]) => JSON.stringify({ jsonrpc: '2.0', method, params })),
  // Deep nesting, bare and inside a tool's arguments; batches.
  fc.integer({ min: 100, max: 50_000 }).map((n) => nest(n)),
  fc.tuple(foreignId, fc.integer({ min: 100, max: 20_000 })).map(([id, n]) =>
    `{"jsonrpc":"2.0","id":${JSON.stringify(id)},"method":"tools/call","params":{"name":"get_file_info","arguments":{"path":${nest(n, '"x"')}}}}`),
  fc.array(validCall, { maxLength: 4 }).map((calls) => `[${calls.join(',')}]`),
);

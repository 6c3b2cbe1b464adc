// The HTTP baseline: a bare SDK Streamable HTTP server with one trivial tool, no auth, no guard,
// no audit. It runs the way `serve --http` does (src/http/sessions.ts): stateful, one SDK server
// and transport per session id, answers as SSE (the SDK default), the body read and parsed
// before the transport sees it. Prints "listening on http://127.0.0.1:<port>/mcp" to stderr.
import { randomUUID } from 'node:crypto';
import http from 'node:http';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

const sessions = new Map();

function newSession() {
  const server = new McpServer({ name: 'echo-http', version: '1.0.0' });
  server.registerTool('echo', { description: 'Echoes its input.', inputSchema: { text: z.string().optional() } },
    async ({ text }) => ({ content: [{ type: 'text', text: text ?? '' }] }));
  const transport = new StreamableHTTPServerTransport({
    sessionIdGenerator: () => randomUUID(),
    onsessioninitialized: (id) => sessions.set(id, transport),
  });
  transport.onclose = () => { if (transport.sessionId) sessions.delete(transport.sessionId); };
  return server.connect(transport).then(() => transport);
}

async function readJson(req) {
  const chunks = [];
  for await (const chunk of req) chunks.push(chunk);
  return chunks.length ? JSON.parse(Buffer.concat(chunks).toString('utf8')) : undefined;
}

const reply = (res, status, message) => {
  res.writeHead(status, { 'Content-Type': 'application/json' }).end(JSON.stringify({ jsonrpc: '2.0', error: { code: -32000, message }, id: null }));
};

const httpServer = http.createServer(async (req, res) => {
  try {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/mcp') return reply(res, 404, 'Not found');
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    const id = req.headers['mcp-session-id'];
    if (typeof id === 'string') {
      const transport = sessions.get(id);
      if (!transport) return reply(res, 404, 'Session not found');
      return await transport.handleRequest(req, res, body);
    }
    if (req.method !== 'POST' || !isInitializeRequest(body)) return reply(res, 400, 'Bad Request: Mcp-Session-Id header is required');
    return await (await newSession()).handleRequest(req, res, body);
  } catch {
    if (!res.headersSent) reply(res, 500, 'Internal error');
  }
});
httpServer.listen(0, '127.0.0.1', () => {
  process.stderr.write(`listening on http://127.0.0.1:${httpServer.address().port}/mcp\n`);
});
process.once('SIGTERM', () => {
  for (const transport of sessions.values()) void transport.close();
  httpServer.close(() => process.exit(0));
  httpServer.closeAllConnections();
});

// The baseline: a bare SDK server with one trivial tool, no guard, no audit.
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StdioServerTransport } from '@modelcontextprotocol/sdk/server/stdio.js';
import { z } from 'zod';

const server = new McpServer({ name: 'echo', version: '1.0.0' });
server.registerTool('echo', { description: 'Echoes its input.', inputSchema: { text: z.string().optional() } },
  async ({ text }) => ({ content: [{ type: 'text', text: text ?? '' }] }));
await server.connect(new StdioServerTransport());

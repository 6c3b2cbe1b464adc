// Calls a tool the way the server does: through runPipeline (rate limit, validate, guard,
// authorize, audit, execute, respond), with an audit file of its own, so a tool test sees
// what an agent would. A refusal is thrown as the WardenError the agent was told.
import path from 'node:path';
import { AuditStore } from '../../src/audit/store.js';
import { WardenError, type ErrorCode } from '../../src/errors.js';
import { RateLimiter } from '../../src/limits/rate-limiter.js';
import { runPipeline, type PipelineDeps } from '../../src/server/pipeline.js';
import type { Resource, SessionContext, ToolDefinition } from '../../src/tools/contract.js';
import { tempDir } from './temp.js';

/** What a tool call answered, in the shape of a handler's output; `resource` is read from its decision row. */
export interface PipelineAnswer {
  text: string;
  structured: Record<string, unknown>;
  /** Content blocks after the text (an image, a resource). */
  content: Array<Record<string, unknown>>;
  isError?: boolean;
  readonly resource: Resource;
}

// Tool tests make thousands of calls in a burst; the limits are not what they test.
const UNLIMITED = { capacity: 1e9, refillPerSecond: 1e9 };

/** `call(tool, args, signal?)` through the real pipeline, for the session's principal. */
export function pipelineCaller(session: SessionContext) {
  const auditFile = path.join(tempDir('warden-pipeline-'), 'audit.db');
  const store = AuditStore.open(auditFile);
  const p: PipelineDeps = {
    session: { ...session, id: 'test' },
    limiter: new RateLimiter({ default: UNLIMITED, tools: {}, total: UNLIMITED }),
    audit: () => store,
    approve: async () => ({ approved: false, answer: 'unsupported', reason: 'this test client cannot ask' }),
    clientName: () => 'test',
  };
  return async function call(tool: ToolDefinition, args: unknown, signal = new AbortController().signal): Promise<PipelineAnswer> {
    const result = await runPipeline(p, tool, args, signal);
    const structured = result.structuredContent ?? {};
    const refused = structured.error as { code: ErrorCode; message: string } | undefined;
    if (result.isError && refused && Object.keys(structured).length === 1) {
      const { code, message, ...detail } = refused;
      throw new WardenError(code, message, detail);
    }
    const { db } = await store;
    const { call: id } = db.prepare('SELECT call FROM events ORDER BY id DESC LIMIT 1').get() as { call: string };
    const [first, ...content] = result.content;
    const answer = { text: String(first.text), structured, content, ...(result.isError ? { isError: true } : {}) };
    // Read from the decision row only when a test asks, and left out of JSON.stringify.
    return Object.defineProperty(answer, 'resource', {
      get: () => JSON.parse((db.prepare("SELECT resource FROM events WHERE call = ? AND kind = 'decision'").get(id) as { resource: string }).resource),
    }) as PipelineAnswer;
  };
}

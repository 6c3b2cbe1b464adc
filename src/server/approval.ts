import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import type { Approver } from './pipeline.js';
import type { Resource } from './tool.js';

/** What the human is asked about: the canonical resource, never the agent's raw input. */
export function describeResource(resource: Resource): string {
  switch (resource.type) {
    case 'file': return (resource.paths ?? [resource.path]).join(' → ');
    case 'database': return `database ${resource.database}${resource.tables?.length ? ` (tables: ${resource.tables.join(', ')})` : ''}`;
    case 'command': return [resource.command, ...(resource.args ?? [])].join(' ');
    default: return '(no resource)';
  }
}

/**
 * Asks through MCP elicitation (DESIGN §1 step 5): one yes/no question, with a timeout.
 * No capability, no answer, cancel or decline all refuse (fail secure).
 */
export function elicitationApprover(server: Server, timeoutMs: number): Approver {
  return async ({ tool, resource, decision }, signal) => {
    if (!server.getClientCapabilities()?.elicitation) {
      return { approved: false, answer: 'unsupported', reason: 'approval required, but this client cannot ask (it did not declare the elicitation capability)' };
    }
    const message = `mcp-warden: allow ${tool} on ${describeResource(resource)}?`
      + `${decision.message ? `\n${decision.message}` : ''}\n(policy "${decision.policyId}")`;
    try {
      const result = await server.elicitInput({
        message,
        requestedSchema: {
          type: 'object',
          properties: { approve: { type: 'boolean', title: 'Allow this call?', description: message } },
          required: ['approve'],
        },
      }, { timeout: timeoutMs, signal });
      if (result.action === 'accept' && result.content?.approve === true) return { approved: true, answer: 'accept', reason: 'the user approved' };
      if (result.action === 'accept' || result.action === 'decline') return { approved: false, answer: 'decline', reason: 'the user declined' };
      return { approved: false, answer: 'cancel', reason: 'the user cancelled the question' };
    } catch (error) {
      const timedOut = /timed? ?out/i.test(String((error as Error)?.message));
      return timedOut
        ? { approved: false, answer: 'timeout', reason: `no answer came within ${timeoutMs} ms (approval.timeoutMs)` }
        : { approved: false, answer: 'error', reason: 'the question could not be asked' };
    }
  };
}

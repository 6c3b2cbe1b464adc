import type { Server } from '@modelcontextprotocol/sdk/server/index.js';
import { ErrorCode, McpError } from '@modelcontextprotocol/sdk/types.js';
import { resourceLines } from '../audit/resource-text.js';
import { forPeople, quotedForPeople } from '../text/for-people.js';
import type { ApprovalAnswer, Approver } from './pipeline.js';
import type { Resource } from '../tools/contract.js';

/**
 * The one yes/no question (STYLE: text for people). mcp-warden's own words come first and
 * are fixed: what will run and which policy asks (the operator's text, still escaped).
 * Then the canonical resource (never the agent's raw input), indented, one value per line
 * behind a fixed label, each quoted and bounded: no value can start a line, so nothing the
 * agent wrote can pass for a line of mcp-warden's.
 */
export function approvalQuestion(tool: string, resource: Resource, policyId: string | undefined, message: string | undefined): string {
  const lines = resourceLines(resource);
  return [
    `mcp-warden: allow ${forPeople(tool, 100)}? Policy ${quotedForPeople(policyId ?? '?', 100)} asks a person before this call.`,
    ...(message ? [`The policy says: ${forPeople(message, 500)}`] : []),
    lines.length ? 'The call, as the agent sent it (each value in quotes):' : 'The call names no file, database or command.',
    ...lines.map((line) => `  ${line}`),
  ].join('\n');
}

/** The answers that are not a yes, in the words the refusal and the audit row use. */
export const REFUSED = {
  unsupported: { approved: false, answer: 'unsupported', reason: 'this client cannot ask (it did not declare the elicitation capability)' },
  decline: { approved: false, answer: 'decline', reason: 'the user declined' },
  cancel: { approved: false, answer: 'cancel', reason: 'the user cancelled the question' },
  aborted: { approved: false, answer: 'cancel', reason: 'the call was cancelled while waiting for the answer' },
  error: { approved: false, answer: 'error', reason: 'the question could not be asked' },
} satisfies Record<string, ApprovalAnswer>;

const timedOut = (error: unknown) => error instanceof McpError && error.code === ErrorCode.RequestTimeout;

/**
 * Asks through MCP elicitation (ARCHITECTURE.md §9): one yes/no question, with a timeout.
 * No (form) capability, no answer, cancel or decline all refuse (fail secure); only an
 * accept whose `approve` is exactly true is a yes.
 */
export function elicitationApprover(server: Server, timeoutMs: number): Approver {
  return async ({ tool, resource, decision }, signal) => {
    if (!server.getClientCapabilities()?.elicitation?.form) return REFUSED.unsupported;
    const message = approvalQuestion(tool, resource, decision.policyId, decision.message);
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
      if (result.action === 'accept' || result.action === 'decline') return REFUSED.decline;
      return REFUSED.cancel;
    } catch (error) {
      // Cancellation first: an aborted request can also surface as a timeout error.
      if (signal.aborted) return REFUSED.aborted;
      if (timedOut(error)) return { approved: false, answer: 'timeout', reason: `no answer came within ${timeoutMs} ms (approval.timeoutMs)` };
      return REFUSED.error;
    }
  };
}

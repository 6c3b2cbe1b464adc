/** Stable refusal codes (ARCHITECTURE.md §2): every refusal the agent sees carries one of these. */
export const ERROR_CODES = Object.freeze(['denied', 'rate_limited', 'invalid_input', 'not_found', 'timeout', 'too_large', 'failed'] as const);

/** One of `ERROR_CODES`. */
export type ErrorCode = (typeof ERROR_CODES)[number];

/** Which pipeline step produced a refusal (ARCHITECTURE.md §1). */
export type Step =
  | 'rate_limit'
  | 'validate'
  | 'guard'
  | 'authorize'
  | 'ask'
  | 'audit'
  | 'execute'
  | 'respond';

export interface ErrorDetail {
  step?: Step;
  /** The guard rule, limit or permission that decided, e.g. `path.outside_roots`. */
  rule?: string;
  policyId?: string;
  permission?: string;
  retryAfterMs?: number;
  field?: string;
  [key: string]: unknown;
}

/** A refusal or failure that knows how to explain itself to the agent, the audit log and `explain`. */
export class WardenError extends Error {
  readonly code: ErrorCode;
  readonly detail: ErrorDetail;

  constructor(code: ErrorCode, message: string, detail: ErrorDetail = {}) {
    super(message);
    this.name = 'WardenError';
    this.code = code;
    this.detail = detail;
  }

  /** The structured payload of an `isError` tool result. */
  toJSON(): { code: ErrorCode; message: string } & ErrorDetail {
    return { code: this.code, message: this.message, ...this.detail };
  }
}

export const denied = (message: string, detail: ErrorDetail = {}) =>
  new WardenError('denied', message, { step: 'guard', ...detail });

/**
 * Turns anything thrown into a WardenError. Unknown errors become a generic `failed`
 * so that no stack trace or internal message reaches the agent.
 */
export function toWardenError(error: unknown, step: Step = 'execute'): WardenError {
  if (error instanceof WardenError) return error;
  if (isAbort(error)) return new WardenError('timeout', 'The call was cancelled or ran out of time.', { step });
  return new WardenError('failed', 'The tool failed unexpectedly; the details are in the server log.', { step });
}

function isAbort(error: unknown): boolean {
  return error instanceof Error && (error.name === 'AbortError' || error.name === 'TimeoutError');
}

/**
 * Errors a method handler throws on purpose, with the JSON-RPC code and typed `data`
 * the client will see, plus the mapping of everything else a handler might throw
 * (OperatorErrors from the subsystems, validation results, plain bugs) onto the wire.
 */
import { isOperatorError, type OperatorError } from '../../src/errors/operator-error.js';
import { RpcErrorCode, formatIssuePath, type RpcIssue } from '../../src/protocol/error-codes.js';

export class MethodError extends Error {
  constructor(readonly code: number, message: string, readonly data?: unknown) {
    super(message);
    this.name = 'MethodError';
  }
}

export interface WireError {
  code: number;
  message: string;
  data?: unknown;
}

/** zod-style issues (path as an array) → wire issues (dotted path). */
export function invalidParams(issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string; code?: string }>): MethodError {
  const wire: RpcIssue[] = issues.map((i) => ({ path: formatIssuePath(i.path), ...(i.code ? { rule: i.code } : {}), message: i.message }));
  const first = wire[0];
  const where = first ? `${first.path || '(params)'}: ${first.message}` : 'params do not match the method';
  const more = wire.length > 1 ? ` (and ${wire.length - 1} more)` : '';
  return new MethodError(RpcErrorCode.InvalidParams, `invalid params: ${where}${more}`, { issues: wire });
}

/** OperatorError codes with a more specific JSON-RPC code than "operator failure". */
const OPERATOR_CODE_TO_RPC: ReadonlyArray<[test: (code: string) => boolean, rpc: number]> = [
  [(code) => code.endsWith('_NOT_FOUND'), RpcErrorCode.NotFound],
  [(code) => code.startsWith('MB_PROFILE_INVALID'), RpcErrorCode.InvalidProfile],
  [(code) => code === 'MB_SECRET_READ_ONLY' || code === 'MB_SECRET_PROVIDED_BY_CREDENTIAL', RpcErrorCode.ReadOnlyBackend],
];

function hasIssues(error: unknown): error is { message: string; issues: RpcIssue[] } {
  return typeof error === 'object' && error !== null && Array.isArray((error as { issues?: unknown }).issues);
}

/**
 * Maps a thrown value to the error answer. Unexpected errors become a generic -32603
 * whose message names no internals (they go to the log, see `onInternal`).
 */
export function toWireError(error: unknown, onInternal: (error: unknown) => void): WireError {
  if (error instanceof MethodError) return { code: error.code, message: error.message, ...(error.data !== undefined ? { data: error.data } : {}) };
  if (isOperatorError(error)) {
    const rpc = OPERATOR_CODE_TO_RPC.find(([test]) => test(error.code))?.[1] ?? RpcErrorCode.OperatorFailure;
    const data: Record<string, unknown> = (error as OperatorError).toJSON();
    if (hasIssues(error)) data.issues = error.issues;
    return { code: rpc, message: error.message, data };
  }
  if (hasIssues(error)) return { code: RpcErrorCode.InvalidProfile, message: error.message, data: { issues: error.issues } };
  onInternal(error);
  return { code: RpcErrorCode.InternalError, message: 'internal error in the agent; its log has the details' };
}

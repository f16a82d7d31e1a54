/**
 * Every JSON-RPC error code the agent can answer with, and the ones the client makes up
 * locally (time-out, lost connection). A table, so a new failure is a new row and client,
 * agent and docs read the same numbers (vscode-jsonrpc keeps its `ErrorCodes` the same way).
 *
 * -32768..-32000 is reserved by JSON-RPC 2.0; -32099..-32000 is "implementation-defined
 * server errors", which is where our application codes live.
 */

export const RpcErrorCode = {
  // JSON-RPC 2.0 standard codes.
  ParseError: -32700,
  InvalidRequest: -32600,
  MethodNotFound: -32601,
  InvalidParams: -32602,
  InternalError: -32603,
  // mailbridge application codes (agent side).
  InvalidProfile: -32001,
  NotFound: -32002,
  /** An OperatorError raised by the agent; `data` is its JSON (code, family, cause, fix). */
  OperatorFailure: -32003,
  /** A frame longer than MAX_FRAME_BYTES; the rest of that line is discarded. */
  FrameTooLarge: -32004,
  /** The client speaks a protocol major the agent does not. */
  ProtocolMismatch: -32005,
  /** The agent is shutting down and takes no new work. */
  ShuttingDown: -32006,
  /** The secret backend is read-only (systemd credentials). */
  ReadOnlyBackend: -32007,
  // Client-local codes: never sent by the agent, produced by AgentClient.
  RequestTimeout: -32090,
  ConnectionLost: -32091,
} as const;
export type RpcErrorCode = (typeof RpcErrorCode)[keyof typeof RpcErrorCode];

/** What each code means: a title for messages and logs, and the canonical MB_ code a client reports. */
export const RPC_ERRORS: Readonly<Record<RpcErrorCode, { title: string; mbCode: string }>> = {
  [RpcErrorCode.ParseError]: { title: 'malformed JSON', mbCode: 'MB_RPC_PARSE_ERROR' },
  [RpcErrorCode.InvalidRequest]: { title: 'not a JSON-RPC 2.0 request', mbCode: 'MB_RPC_INVALID_REQUEST' },
  [RpcErrorCode.MethodNotFound]: { title: 'unknown method', mbCode: 'MB_RPC_UNKNOWN_METHOD' },
  [RpcErrorCode.InvalidParams]: { title: 'invalid params', mbCode: 'MB_RPC_INVALID_PARAMS' },
  [RpcErrorCode.InternalError]: { title: 'internal error in the agent', mbCode: 'MB_AGENT_INTERNAL_ERROR' },
  [RpcErrorCode.InvalidProfile]: { title: 'invalid profile', mbCode: 'MB_PROFILE_INVALID' },
  [RpcErrorCode.NotFound]: { title: 'not found', mbCode: 'MB_NOT_FOUND' },
  [RpcErrorCode.OperatorFailure]: { title: 'the agent reported a problem the operator can fix', mbCode: 'MB_AGENT_OPERATOR_ERROR' },
  [RpcErrorCode.FrameTooLarge]: { title: 'frame too large', mbCode: 'MB_RPC_FRAME_TOO_LARGE' },
  [RpcErrorCode.ProtocolMismatch]: { title: 'protocol version mismatch', mbCode: 'MB_PROTOCOL_MISMATCH' },
  [RpcErrorCode.ShuttingDown]: { title: 'the agent is shutting down', mbCode: 'MB_AGENT_SHUTTING_DOWN' },
  [RpcErrorCode.ReadOnlyBackend]: { title: 'the secret backend is read-only', mbCode: 'MB_SECRET_BACKEND_READ_ONLY' },
  [RpcErrorCode.RequestTimeout]: { title: 'the agent did not answer in time', mbCode: 'MB_AGENT_TIMEOUT' },
  [RpcErrorCode.ConnectionLost]: { title: 'the connection to the agent was lost', mbCode: 'MB_AGENT_CONNECTION_LOST' },
};

/** One problem with a request or a profile: where, which rule, what is wrong, how to fix it. */
export interface RpcIssue {
  /** Dotted field path (`profile.server`, `windows.pastDays`); empty for the whole value. */
  path: string;
  /** Requirement ID (EX-7) or schema rule (`type`, `required`) the issue comes from. */
  rule?: string;
  message: string;
  fix?: string;
  /** Canonical finding code (`MB_HOST_IS_IP_ADDRESS`), when there is one. */
  code?: string;
  severity?: 'error' | 'warning';
  /** The profile the issue is about, when several are involved (MEM-3 overlaps). */
  profile?: string;
}

/** Turns a zod-style path into the dotted form used on the wire (`staff.2.mailbox`). */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  return path.map((segment) => String(segment)).join('.');
}

/**
 * The typed errors a client of the agent meets: no agent at the socket, no permission to
 * use it, a protocol it does not speak, and an error answer from a method. All are
 * OperatorErrors (they carry the next step), so every CLI command renders them alike;
 * like tailscale's local client, "daemon down" and "access denied" are told apart.
 */
import { OperatorError, type OperatorErrorInit } from '../errors/operator-error.js';
import { RPC_ERRORS, RpcErrorCode, type RpcIssue } from './error-codes.js';

/** No agent answers at the socket (missing file, or a stale one nobody listens on). */
export class AgentNotRunningError extends OperatorError {
  constructor(readonly socketPath: string, systemCode: string) {
    super({
      message: `no mailbridge agent is running (nothing answers at ${socketPath})`,
      code: 'MB_AGENT_NOT_RUNNING',
      family: 'other',
      cause: systemCode === 'ENOENT'
        ? 'The agent socket does not exist: the agent has not been started, or it uses another socket path.'
        : `The socket file exists but nothing accepts connections on it (${systemCode}): the agent stopped or crashed.`,
      fix: [
        'Start the agent in the foreground: mailbridge agent',
        'Or, when it is installed as a service: systemctl --user start mailbridge (see systemctl --user status mailbridge and journalctl --user -u mailbridge)',
        `If the agent runs with another socket, set MAILBRIDGE_SOCKET to its path (this client looked at ${socketPath}).`,
      ],
      details: { socketPath, systemCode },
      exitCode: 1,
    });
    this.name = 'AgentNotRunningError';
  }
}

/** The socket exists but this user may not connect to it. */
export class AgentAccessDeniedError extends OperatorError {
  constructor(readonly socketPath: string, systemCode: string) {
    super({
      message: `permission denied on the agent socket ${socketPath}`,
      code: 'MB_AGENT_ACCESS_DENIED',
      family: 'permissions',
      cause: `The agent runs as another user; its socket directory is 0700 and the socket 0600 (${systemCode}).`,
      fix: [
        'Run this command as the user the agent runs as (e.g. sudo -u mailbridge mailbridge status).',
        'Or start your own agent with its own socket: MAILBRIDGE_SOCKET=$XDG_RUNTIME_DIR/mailbridge/agent.sock mailbridge agent',
      ],
      details: { socketPath, systemCode },
      exitCode: 1,
    });
    this.name = 'AgentAccessDeniedError';
  }
}

/** An error answer from the agent, kept with its JSON-RPC code and typed data. */
export class AgentRequestError extends OperatorError {
  constructor(readonly method: string, readonly rpcCode: number, readonly rpcData: unknown, init: OperatorErrorInit) {
    super(init);
    this.name = 'AgentRequestError';
  }

  /** Field issues when the agent rejected a profile or params, else empty. */
  get issues(): RpcIssue[] {
    const data = this.rpcData as { issues?: unknown } | undefined;
    return Array.isArray(data?.issues) ? (data.issues as RpcIssue[]) : [];
  }
}

interface RpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

function isOperatorJson(data: unknown): data is { code: string; family: OperatorErrorInit['family']; cause: string; fix: string[]; rule?: string; field?: string } {
  const d = data as Record<string, unknown> | null;
  return typeof d === 'object' && d !== null && typeof d.code === 'string' && typeof d.cause === 'string' && Array.isArray(d.fix);
}

function issueFixes(data: unknown): string[] {
  const issues = (data as { issues?: RpcIssue[] } | undefined)?.issues ?? [];
  return issues.map((i) => `${i.path || '(whole value)'}: ${i.message}${i.rule ? ` (${i.rule})` : ''}${i.fix ? ` — ${i.fix}` : ''}`);
}

/** Usage-type failures (the caller sent something wrong) exit 2; the rest exit 1. */
const USAGE_CODES: ReadonlySet<number> = new Set([RpcErrorCode.InvalidParams, RpcErrorCode.InvalidProfile, RpcErrorCode.FrameTooLarge]);

/** Turns an error answer into the error a command throws. */
export function errorFromRpc(method: string, error: RpcErrorObject): AgentRequestError {
  const known = RPC_ERRORS[error.code as RpcErrorCode] as (typeof RPC_ERRORS)[RpcErrorCode] | undefined;
  const title = known?.title ?? `error ${error.code}`;
  if (isOperatorJson(error.data)) {
    const d = error.data;
    return new AgentRequestError(method, error.code, error.data, {
      message: error.message, code: d.code, family: d.family, cause: d.cause, fix: d.fix,
      ...(d.rule ? { rule: d.rule } : {}), ...(d.field ? { field: d.field } : {}),
      exitCode: USAGE_CODES.has(error.code) ? 2 : 1,
    });
  }
  const fixes = issueFixes(error.data);
  return new AgentRequestError(method, error.code, error.data, {
    message: `${method}: ${error.message}`,
    code: known?.mbCode ?? 'MB_RPC_ERROR',
    family: error.code === RpcErrorCode.InvalidProfile ? 'config' : 'other',
    cause: `The agent answered ${error.code} (${title}).`,
    fix: fixes.length > 0 ? fixes : defaultFix(error.code),
    details: { rpcCode: error.code, ...(error.data !== undefined ? { data: error.data } : {}) },
    exitCode: USAGE_CODES.has(error.code) ? 2 : 1,
  });
}

const DEFAULT_FIXES: Partial<Record<number, string[]>> = {
  [RpcErrorCode.MethodNotFound]: ['This agent is older than this client: restart the agent after upgrading mailbridge.'],
  [RpcErrorCode.InternalError]: ['This is a bug in the agent; its log (stderr or journalctl) has the details.'],
  [RpcErrorCode.RequestTimeout]: ['The agent is busy or hung: check its log, and restart it if it does not recover.'],
  [RpcErrorCode.ConnectionLost]: ['The agent stopped or restarted: check its log, start it again, and retry.'],
  [RpcErrorCode.ShuttingDown]: ['Wait for the agent to restart (or start it), then retry.'],
};

function defaultFix(code: number): string[] {
  return DEFAULT_FIXES[code] ?? ['Check the agent log for details.'];
}

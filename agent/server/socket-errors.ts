/**
 * Why the agent cannot take its socket, as operator errors with the next step.
 */
import { OperatorError } from '../../src/errors/operator-error.js';

export function agentAlreadyRunning(socketPath: string, pid: number | undefined): OperatorError {
  return new OperatorError({
    message: `an agent is already running on ${socketPath}${pid ? ` (pid ${pid})` : ''}`,
    code: 'MB_AGENT_ALREADY_RUNNING',
    family: 'config',
    cause: 'Another mailbridge agent answers on this socket; one agent per host does the work (AG-1).',
    fix: [
      'Use the running agent: mailbridge status',
      pid ? `Or stop it first (systemctl --user stop mailbridge, or kill ${pid}), then start this one.` : 'Or stop it first (systemctl --user stop mailbridge), then start this one.',
      'To run a second agent on purpose (tests, another user), give it its own MAILBRIDGE_SOCKET, MAILBRIDGE_STATE_DIR and MAILBRIDGE_CONFIG_DIR.',
    ],
    details: { socketPath, ...(pid ? { pid } : {}) },
  });
}

export function socketPathOccupied(socketPath: string, what: string): OperatorError {
  return new OperatorError({
    message: `${socketPath} exists and is not a socket (${what})`,
    code: 'MB_SOCKET_PATH_OCCUPIED',
    family: 'config',
    cause: 'The agent only replaces a stale socket; it never deletes another kind of file.',
    fix: [`Move or remove ${socketPath}, or set MAILBRIDGE_SOCKET to another path.`],
    details: { socketPath },
  });
}

export function socketDirectoryUnsafe(dir: string, mode: number): OperatorError {
  const octal = (mode & 0o777).toString(8).padStart(3, '0');
  return new OperatorError({
    message: `the socket directory ${dir} is open to other users (mode ${octal})`,
    code: 'MB_SOCKET_DIR_UNSAFE',
    family: 'permissions',
    cause: 'The agent socket must sit in a directory only its user can enter (0700), so no other user can talk to the agent.',
    fix: [`chmod 700 ${dir}`, 'Or set MAILBRIDGE_SOCKET to a path inside a private directory (the agent creates it 0700 when it does not exist).'],
    details: { dir, mode: octal },
  });
}

export function socketUnusable(socketPath: string, code: string): OperatorError {
  return new OperatorError({
    message: `cannot use the agent socket ${socketPath} (${code})`,
    code: 'MB_SOCKET_UNUSABLE',
    family: 'permissions',
    cause: `The operating system refused the socket path: ${code}.`,
    fix: ['Check that the directory is writable by the agent user, or set MAILBRIDGE_SOCKET to a path it owns.', 'Unix socket paths are limited to about 100 characters; use a shorter path when it is long.'],
    details: { socketPath, systemCode: code },
  });
}

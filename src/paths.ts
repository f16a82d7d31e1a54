/**
 * Where mailbridge keeps its files: the rules in architecture.md ("The agent protocol")
 * in one place, so the agent, the CLI and the console always agree.
 *
 * Precedence for each: our own override variable (tests, unusual installs), then the
 * directory systemd hands a service (CONFIGURATION_/STATE_/RUNTIME_DIRECTORY), then XDG
 * for a user, then the XDG fallback under $HOME.
 */
import os from 'node:os';
import path from 'node:path';

export type Env = Readonly<Record<string, string | undefined>>;

function firstDir(value: string | undefined): string | undefined {
  // systemd passes colon-separated lists when several directories are configured.
  const first = value?.split(':')[0];
  return first ? first : undefined;
}

function home(env: Env): string {
  return env.HOME ?? os.homedir();
}

/** Directory holding profiles.json (never secrets). */
export function configDir(env: Env = process.env): string {
  return (
    env.MAILBRIDGE_CONFIG_DIR ??
    firstDir(env.CONFIGURATION_DIRECTORY) ??
    path.join(env.XDG_CONFIG_HOME ?? path.join(home(env), '.config'), 'mailbridge')
  );
}

/** Directory holding the database, the vault, logs and reports (mode 0700). */
export function stateDir(env: Env = process.env): string {
  return (
    env.MAILBRIDGE_STATE_DIR ??
    firstDir(env.STATE_DIRECTORY) ??
    path.join(env.XDG_STATE_HOME ?? path.join(home(env), '.local', 'state'), 'mailbridge')
  );
}

/** The agent's Unix socket. */
export function socketPath(env: Env = process.env): string {
  if (env.MAILBRIDGE_SOCKET) return env.MAILBRIDGE_SOCKET;
  const runtime = firstDir(env.RUNTIME_DIRECTORY);
  if (runtime) return path.join(runtime, 'agent.sock');
  if (env.XDG_RUNTIME_DIR) return path.join(env.XDG_RUNTIME_DIR, 'mailbridge', 'agent.sock');
  return path.join(stateDir(env), 'agent.sock');
}

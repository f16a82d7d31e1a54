/**
 * A private mailbridge world per test: temp config, state and socket directories, and
 * the environment that points the CLI and the agent at them (MAILBRIDGE_CONFIG_DIR,
 * MAILBRIDGE_STATE_DIR, MAILBRIDGE_SOCKET). The socket directory is not created, so the
 * agent creates it (0700) itself. No Secret Service is reachable and the vault backend is
 * forced, so nothing touches the developer's keyring and start-up is fast.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export interface TempEnv {
  root: string;
  configDir: string;
  stateDir: string;
  socketPath: string;
  env: Record<string, string>;
  /** Removes the directories (call after stopping any agent that uses them). */
  cleanup(): void;
}

/** Variables that would lead a child to a real keyring, a real agent or real config. */
const INHERITED_BUT_DROPPED = /^(DBUS_|XDG_RUNTIME_DIR$|XDG_CONFIG_HOME$|XDG_STATE_HOME$|MAILBRIDGE_|CREDENTIALS_DIRECTORY$|GNOME_KEYRING|RUNTIME_DIRECTORY$|STATE_DIRECTORY$|CONFIGURATION_DIRECTORY$|NODE_OPTIONS$|VITEST)/;

export function createTempEnv(extra: Record<string, string> = {}): TempEnv {
  // Short root: Unix socket paths are limited to ~107 bytes.
  const root = mkdtempSync(path.join(os.tmpdir(), 'mb-'));
  const configDir = path.join(root, 'config');
  const stateDir = path.join(root, 'state');
  const socketPath = path.join(root, 'run', 'agent.sock');
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !INHERITED_BUT_DROPPED.test(name)) env[name] = value;
  }
  Object.assign(env, {
    MAILBRIDGE_CONFIG_DIR: configDir,
    MAILBRIDGE_STATE_DIR: stateDir,
    MAILBRIDGE_SOCKET: socketPath,
    MAILBRIDGE_SECRET_BACKEND: 'vault',
    NO_COLOR: '1',
    ...extra,
  });
  return { root, configDir, stateDir, socketPath, env, cleanup: () => rmSync(root, { recursive: true, force: true }) };
}

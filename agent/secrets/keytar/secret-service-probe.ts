/**
 * Does a Secret Service answer? Asked in a throwaway child process with a deadline,
 * because keytar (libsecret) can block forever on a locked keyring waiting for an
 * unlock prompt nobody sees, and a broken native module can crash its process. The
 * agent only ever loses the probe's time budget, never itself.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Env } from '../../../src/paths.js';
import { firstLine, locateKeytar } from './keytar-module.js';

export interface ProbeResult {
  available: boolean;
  /** One sentence: why keytar can or cannot be used. */
  reason: string;
}

export interface ProbeOptions {
  env: Env;
  service: string;
  timeoutMs?: number;
}

export const DEFAULT_PROBE_TIMEOUT_MS = 3000;

/** Exit codes of the probe child, read back by `describeExit`. */
const EXIT = { ok: 0, serviceError: 2, loadError: 3 } as const;

// Runs in the child: load keytar from the given URL, ask for one search, report.
const PROBE_SOURCE = `
let keytar;
try {
  const mod = await import(process.env.MB_PROBE_KEYTAR_URL);
  keytar = mod.default ?? mod;
} catch (error) {
  process.stderr.write(String(error && error.message || error));
  process.exit(${EXIT.loadError});
}
try {
  await keytar.findCredentials(process.env.MB_PROBE_SERVICE);
  process.exit(${EXIT.ok});
} catch (error) {
  process.stderr.write(String(error && error.message || error));
  process.exit(${EXIT.serviceError});
}
`;

/** The session bus libsecret would use: the address variable, or the systemd user bus socket. */
export function sessionBusOf(env: Env): string | undefined {
  if (env.DBUS_SESSION_BUS_ADDRESS) return env.DBUS_SESSION_BUS_ADDRESS;
  const userBus = env.XDG_RUNTIME_DIR ? path.join(env.XDG_RUNTIME_DIR, 'bus') : undefined;
  return userBus && existsSync(userBus) ? `unix:path=${userBus}` : undefined;
}

export async function probeSecretService(options: ProbeOptions): Promise<ProbeResult> {
  const location = locateKeytar();
  if (!location.ok) return { available: false, reason: location.reason };
  if (!sessionBusOf(options.env)) {
    return {
      available: false,
      reason: 'no D-Bus session bus (DBUS_SESSION_BUS_ADDRESS is not set and there is no $XDG_RUNTIME_DIR/bus), as on a host reached over SSH or in a service, so no Secret Service can answer',
    };
  }
  const timeoutMs = options.timeoutMs ?? DEFAULT_PROBE_TIMEOUT_MS;
  const outcome = await runProbeChild(location.url, options, timeoutMs);
  return describeOutcome(outcome, timeoutMs);
}

type ChildOutcome =
  | { kind: 'exit'; code: number; stderr: string }
  | { kind: 'signal'; signal: string }
  | { kind: 'timeout' }
  | { kind: 'spawn-error'; message: string };

function runProbeChild(keytarUrl: string, options: ProbeOptions, timeoutMs: number): Promise<ChildOutcome> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', PROBE_SOURCE], {
      env: { ...options.env, MB_PROBE_KEYTAR_URL: keytarUrl, MB_PROBE_SERVICE: options.service },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    let stderr = '';
    let timedOut = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (stderr.length < 4096) stderr += chunk;
    });
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('error', (error) => {
      clearTimeout(timer);
      resolve({ kind: 'spawn-error', message: error.message });
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (timedOut) resolve({ kind: 'timeout' });
      else if (signal) resolve({ kind: 'signal', signal });
      else resolve({ kind: 'exit', code: code ?? 1, stderr });
    });
  });
}

function describeOutcome(outcome: ChildOutcome, timeoutMs: number): ProbeResult {
  switch (outcome.kind) {
    case 'timeout':
      return { available: false, reason: `the Secret Service did not answer within ${timeoutMs} ms (a locked keyring waiting for an unlock prompt?)` };
    case 'signal':
      return { available: false, reason: `keytar crashed while asking the Secret Service (${outcome.signal}), as libsecret does when the keyring is locked` };
    case 'spawn-error':
      return { available: false, reason: `the Secret Service probe could not start: ${outcome.message}` };
    case 'exit': {
      const detail = firstLine(outcome.stderr.trim() || `exit code ${outcome.code}`);
      if (outcome.code === EXIT.ok) return { available: true, reason: 'a D-Bus Secret Service answered' };
      if (outcome.code === EXIT.loadError) return { available: false, reason: `keytar could not be loaded: ${detail}` };
      return { available: false, reason: `the Secret Service did not answer: ${detail}` };
    }
  }
}

/**
 * Helpers for the secret store tests: private temp directories, an environment with
 * no Secret Service in reach, a build of agent/secrets for child processes (a crash
 * mid-write, a keyring inside dbus-run-session), and reading an OperatorError back.
 */
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { isOperatorError, type OperatorError } from '../../src/errors/operator-error.js';

export const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
/** A 32-byte key in hex, fixed so tests can write it in several forms. */
export const KEY_A_HEX = 'a1'.repeat(32);
export const KEY_B_HEX = 'b2'.repeat(32);

const made: string[] = [];

export function tempDir(label: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `mb-${label}-`));
  made.push(dir);
  return dir;
}

export function removeTempDirs(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** An environment where no Secret Service can answer: no session bus address, no user bus. */
export function headlessEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value === undefined) continue;
    if (/^(DBUS_|XDG_RUNTIME_DIR$|MAILBRIDGE_|CREDENTIALS_DIRECTORY$|GNOME_KEYRING)/.test(name)) continue;
    env[name] = value;
  }
  return { ...env, ...extra };
}

export async function operatorErrorOf(work: Promise<unknown> | (() => Promise<unknown>)): Promise<OperatorError> {
  try {
    await (typeof work === 'function' ? work() : work);
  } catch (error) {
    if (isOperatorError(error)) return error;
    throw new Error(`expected an OperatorError, got: ${String(error)}`, { cause: error });
  }
  throw new Error('expected an OperatorError, but the call succeeded');
}

let build: Promise<string> | undefined;

/**
 * Compiles agent/secrets (and what it imports from src/) into node_modules/.cache, so
 * child processes can import it as JavaScript; inside the repo so that `keytar`
 * resolves. Returns the file URL of the compiled open-secret-store.js.
 */
export function buildSecretsForChildren(): Promise<string> {
  build ??= (async () => {
    const outDir = path.join(REPO_ROOT, 'node_modules', '.cache', `mailbridge-secrets-test-${process.pid}`);
    made.push(outDir);
    await promisify(execFile)(
      process.execPath,
      [
        path.join(REPO_ROOT, 'node_modules', 'typescript', 'bin', 'tsc'),
        ...['--outDir', outDir, '--rootDir', REPO_ROOT, '--module', 'nodenext', '--moduleResolution', 'nodenext'],
        ...['--target', 'es2022', '--strict', '--skipLibCheck', '--types', 'node', '--sourceMap', 'false'],
        path.join(REPO_ROOT, 'agent', 'secrets', 'open-secret-store.ts'),
      ],
      { cwd: REPO_ROOT },
    );
    return pathToFileURL(path.join(outDir, 'agent', 'secrets', 'open-secret-store.js')).href;
  })();
  return build;
}

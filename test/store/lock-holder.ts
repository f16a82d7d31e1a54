/**
 * A second, real process that holds a lock on a database: it opens the file with
 * better-sqlite3, takes an EXCLUSIVE transaction (optionally after switching the
 * file to a rollback journal), says "locked" and keeps the lock until told to go
 * (or for a fixed time).
 */
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO_ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const HOLDER = `
import Database from 'better-sqlite3';
const db = new Database(process.env.DB_PATH);
if (process.env.JOURNAL) db.pragma('journal_mode = ' + process.env.JOURNAL);
db.exec('CREATE TABLE IF NOT EXISTS holder_marks (at TEXT)');
db.exec('BEGIN EXCLUSIVE');
db.exec("INSERT INTO holder_marks VALUES ('held')");
process.stdout.write('locked\\n');
const release = () => { db.exec('COMMIT'); db.close(); process.exit(0); };
process.stdin.on('data', release);
if (process.env.HOLD_MS) setTimeout(release, Number(process.env.HOLD_MS));
`;

export interface LockHolder {
  release(): Promise<void>;
  /** Resolves when the holder process has exited. */
  exited: Promise<void>;
  kill(): void;
}

/** `holdMs`: the holder lets go by itself after that long (for a caller that blocks while waiting). */
export function holdLock(dbPath: string, options: { journal?: 'delete' | 'wal'; holdMs?: number } = {}): Promise<LockHolder> {
  const child: ChildProcessWithoutNullStreams = spawn(process.execPath, ['--input-type=module', '-e', HOLDER], {
    cwd: REPO_ROOT,
    env: { ...process.env, DB_PATH: dbPath, JOURNAL: options.journal ?? '', HOLD_MS: options.holdMs ? String(options.holdMs) : '' },
  });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  return new Promise((resolve, reject) => {
    child.stdout.setEncoding('utf8');
    child.stdout.once('data', (line: string) => {
      if (!line.startsWith('locked')) reject(new Error(`lock holder said: ${line}`));
      resolve({
        release: async () => {
          child.stdin.write('go\n');
          await exited;
        },
        exited,
        kill: () => child.kill('SIGKILL'),
      });
    });
    child.on('close', (code) => reject(new Error(`lock holder exited (${code}) before locking: ${stderr}`)));
  });
}

/**
 * The profile file's write lock: an exclusive lock file created with O_EXCL, holding the
 * owner's pid and host. conf does not lock between processes, so every writer of
 * profiles.json takes this lock — the agent for its whole life (it is the only writer
 * while it runs), a CLI command only around one write when no agent runs.
 *
 * A lock left by a crashed process (same host, pid gone) is stale and taken over. Two
 * processes may find the same stale lock at once; removing it is guarded by a second,
 * short-lived "reap" lock, so neither deletes the lock the other has just created.
 */
import fs from 'node:fs';
import os from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { OperatorError } from '../../src/errors/operator-error.js';

export interface LockHolder {
  pid: number;
  hostname: string;
  acquiredAt: string;
  purpose: string;
}

export interface AcquireOptions {
  /** How long to wait for a live holder to let go. */
  timeoutMs?: number;
  retryMs?: number;
  /** Said in the error another process gets while this one holds the lock. */
  purpose?: string;
}

/** A half-written lock (a crash between create and write) is judged stale after this long. */
const UNREADABLE_LOCK_GRACE_MS = 2_000;
/** A reap lock older than this was left by a crash mid-reap. */
const REAP_LOCK_STALE_MS = 10_000;

export function isProcessAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to another user — alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

export function readLockHolder(file: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<LockHolder>;
    if (typeof holder.pid !== 'number' || typeof holder.hostname !== 'string') return undefined;
    return { pid: holder.pid, hostname: holder.hostname, acquiredAt: String(holder.acquiredAt ?? ''), purpose: String(holder.purpose ?? '') };
  } catch {
    return undefined;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - fs.statSync(file).mtimeMs;
  } catch {
    return 0;
  }
}

export class ProfileLock {
  private held = false;

  constructor(readonly file: string) {}

  get isHeld(): boolean {
    return this.held;
  }

  async acquire(options: AcquireOptions = {}): Promise<void> {
    if (this.held) return;
    const deadline = Date.now() + (options.timeoutMs ?? 5_000);
    const retryMs = options.retryMs ?? 50;
    for (;;) {
      if (this.tryCreate(options.purpose ?? 'writing profiles')) return;
      if (this.removeIfStale()) continue;
      if (Date.now() >= deadline) throw this.lockedError();
      await sleep(retryMs);
    }
  }

  /** Removes the lock file if this object holds it. Safe to call twice. */
  release(): void {
    if (!this.held) return;
    this.held = false;
    const holder = readLockHolder(this.file);
    if (holder?.pid === process.pid) fs.rmSync(this.file, { force: true });
  }

  private tryCreate(purpose: string): boolean {
    let fd: number;
    try {
      fd = fs.openSync(this.file, 'wx', 0o600);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
      throw error;
    }
    try {
      const holder: LockHolder = { pid: process.pid, hostname: os.hostname(), acquiredAt: new Date().toISOString(), purpose };
      fs.writeSync(fd, JSON.stringify(holder));
    } finally {
      fs.closeSync(fd);
    }
    this.held = true;
    return true;
  }

  private isStale(holder: LockHolder | undefined): boolean {
    if (!holder) return ageMs(this.file) > UNREADABLE_LOCK_GRACE_MS;
    // On another host (a shared config directory) we cannot see its processes: never stale.
    if (holder.hostname !== os.hostname()) return false;
    return holder.pid !== process.pid && !isProcessAlive(holder.pid);
  }

  /** True when a stale lock was removed (try again at once). */
  private removeIfStale(): boolean {
    const seen = readLockHolder(this.file);
    if (!this.isStale(seen)) return false;
    const reap = `${this.file}.reap`;
    try {
      fs.closeSync(fs.openSync(reap, 'wx', 0o600));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (ageMs(reap) > REAP_LOCK_STALE_MS) fs.rmSync(reap, { force: true });
      return false;
    }
    try {
      // Re-read under the reap lock: another process may have reaped and re-locked meanwhile.
      const now = readLockHolder(this.file);
      const same = now?.pid === seen?.pid && now?.acquiredAt === seen?.acquiredAt;
      if (same && this.isStale(now)) fs.rmSync(this.file, { force: true });
      return true;
    } finally {
      fs.rmSync(reap, { force: true });
    }
  }

  private lockedError(): OperatorError {
    const holder = readLockHolder(this.file);
    const who = holder ? `process ${holder.pid} on ${holder.hostname} (${holder.purpose || 'unknown purpose'}, since ${holder.acquiredAt})` : 'another process';
    return new OperatorError({
      code: 'MB_PROFILES_LOCKED',
      family: 'config',
      message: `the profile file is locked by ${who}`,
      cause: 'Only one process writes profiles.json at a time: the agent while it runs, otherwise one CLI command at a time.',
      fix: [
        'If the agent is running, run the command again: it goes through the agent then.',
        'Otherwise wait for the other mailbridge command to finish and retry.',
        `If no mailbridge process is running${holder ? ` (pid ${holder.pid} is not mailbridge)` : ''}, remove ${this.file}.`,
      ],
      details: { lockFile: this.file, ...(holder ? { holderPid: holder.pid, holderHost: holder.hostname } : {}) },
      exitCode: 1,
    });
  }
}

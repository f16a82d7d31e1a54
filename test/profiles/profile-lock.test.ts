/**
 * The profile file lock with real processes: a live holder blocks, a dead holder's lock
 * is stale and taken over, a half-written lock is judged by its age, and two writers in
 * one process take turns.
 */
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileLock, readLockHolder } from '../../agent/profiles/profile-lock.js';
import { makeTempDir } from './temp-config-dir.js';

let tmp: ReturnType<typeof makeTempDir>;
let lockFile: string;

beforeEach(() => {
  tmp = makeTempDir('mb-lock-');
  lockFile = path.join(tmp.dir, 'profiles.json.lock');
});
afterEach(() => tmp.cleanup());

function writeHolder(pid: number): void {
  fs.writeFileSync(lockFile, JSON.stringify({ pid, hostname: os.hostname(), acquiredAt: new Date().toISOString(), purpose: 'test holder' }));
}

describe('ProfileLock', () => {
  it('creates the lock file exclusively with our pid and removes it on release', async () => {
    const lock = new ProfileLock(lockFile);
    await lock.acquire();
    expect(readLockHolder(lockFile)?.pid).toBe(process.pid);
    expect(fs.statSync(lockFile).mode & 0o777).toBe(0o600);
    lock.release();
    expect(fs.existsSync(lockFile)).toBe(false);
  });

  it('waits for a live holder in another process and then fails with MB_PROFILES_LOCKED', async () => {
    const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)'], { stdio: 'ignore' });
    try {
      writeHolder(child.pid as number);
      const started = Date.now();
      const error = await new ProfileLock(lockFile).acquire({ timeoutMs: 300, retryMs: 20 }).catch((e: unknown) => e);
      expect(Date.now() - started).toBeGreaterThanOrEqual(280);
      expect(error).toMatchObject({ code: 'MB_PROFILES_LOCKED', exitCode: 1 });
      expect((error as Error).message).toContain(`process ${child.pid}`);
      expect(readLockHolder(lockFile)?.pid).toBe(child.pid);
    } finally {
      child.kill();
    }
  });

  it('takes over the lock of a process that is gone (stale pid)', async () => {
    const dead = spawnSync(process.execPath, ['-e', 'process.exit(0)']);
    writeHolder(dead.pid as number);
    const lock = new ProfileLock(lockFile);
    await lock.acquire({ timeoutMs: 300 });
    expect(readLockHolder(lockFile)?.pid).toBe(process.pid);
    lock.release();
  });

  it('treats an unreadable lock as stale only once it is old', async () => {
    fs.writeFileSync(lockFile, '');
    await expect(new ProfileLock(lockFile).acquire({ timeoutMs: 200, retryMs: 20 })).rejects.toMatchObject({ code: 'MB_PROFILES_LOCKED' });
    const old = new Date(Date.now() - 60_000);
    fs.utimesSync(lockFile, old, old);
    const lock = new ProfileLock(lockFile);
    await lock.acquire({ timeoutMs: 200 });
    expect(readLockHolder(lockFile)?.pid).toBe(process.pid);
    lock.release();
  });

  it('serialises two writers in one process', async () => {
    const first = new ProfileLock(lockFile);
    const second = new ProfileLock(lockFile);
    await first.acquire();
    let secondHas = false;
    const waiting = second.acquire({ timeoutMs: 2_000, retryMs: 10 }).then(() => {
      secondHas = true;
    });
    await new Promise((r) => setTimeout(r, 100));
    expect(secondHas).toBe(false);
    first.release();
    await waiting;
    expect(secondHas).toBe(true);
    second.release();
  });
});

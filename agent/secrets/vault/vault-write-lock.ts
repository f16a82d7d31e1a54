/**
 * One writer at a time across processes: the agent and a CLI command running while no
 * agent runs could otherwise both read the vault, change different secrets, and the
 * second rename would silently drop the first change. The lock file holds
 * "<pid> <epoch ms> <nonce>" and comes into being with its content (written to a temp
 * file, then hard-linked into place, which fails if a lock exists), so a crash can
 * never leave an empty lock nobody can judge. A lock whose process is gone, or that is
 * older than any write could take, is a crash leftover and is taken over.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import { secretError } from '../secret-errors.js';

export interface VaultLockOptions {
  vaultPath: string;
  lockPath: string;
  /** Prefix for the lock's temp file; the vault's temp prefix, so crash leftovers are swept with those. */
  tempPrefix: string;
  /** How long to wait for a live holder before MB_VAULT_BUSY. */
  timeoutMs?: number;
  /** A lock older than this is stale whatever its pid says (writes take milliseconds). */
  staleMs?: number;
}

const RETRY_MS = 20;

function processAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else, so it is alive.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

interface Holder {
  pid: number | undefined;
  ageMs: number;
}

async function readHolder(lockPath: string): Promise<Holder | undefined> {
  try {
    const [text, stat] = await Promise.all([fsp.readFile(lockPath, 'utf8'), fsp.stat(lockPath)]);
    const [pidText, atText] = text.trim().split(' ');
    const pid = Number(pidText);
    const at = Number(atText);
    return { pid: Number.isInteger(pid) && pid > 0 ? pid : undefined, ageMs: Date.now() - (Number.isFinite(at) && at > 0 ? at : stat.mtimeMs) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
}

async function createLock(options: VaultLockOptions, token: string): Promise<boolean> {
  const temp = `${options.tempPrefix}lock-${process.pid}-${randomBytes(4).toString('hex')}`;
  await fsp.writeFile(temp, token, { flag: 'wx', mode: 0o600 });
  try {
    await fsp.link(temp, options.lockPath);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

export async function withVaultWriteLock<T>(options: VaultLockOptions, work: () => Promise<T>): Promise<T> {
  const timeoutMs = options.timeoutMs ?? 5000;
  const staleMs = options.staleMs ?? 30_000;
  const token = `${process.pid} ${Date.now()} ${randomBytes(6).toString('hex')}`;
  const started = Date.now();
  for (;;) {
    if (await createLock(options, token)) break;
    const holder = await readHolder(options.lockPath);
    if (!holder) continue; // released between our attempt and our look
    // A lock without a readable pid (not written by us): judge it by age only. Our own
    // pid on a lock that is not ours (writes in this process take turns) means an
    // earlier process with the same pid, as with pid 1 in a restarted container.
    const gone = holder.pid !== undefined && (holder.pid === process.pid || !processAlive(holder.pid));
    if (gone || holder.ageMs > staleMs) {
      await fsp.rm(options.lockPath, { force: true });
      continue;
    }
    if (Date.now() - started > timeoutMs) {
      throw secretError('MB_VAULT_BUSY', {
        vaultPath: options.vaultPath,
        lockPath: options.lockPath,
        holder: holder.pid ? `pid ${holder.pid}` : 'unknown process',
        ms: timeoutMs,
      });
    }
    await new Promise((resolve) => setTimeout(resolve, RETRY_MS));
  }
  try {
    return await work();
  } finally {
    // Remove only our own lock: if it was taken over as stale, it is someone else's now.
    const current = await fsp.readFile(options.lockPath, 'utf8').catch(() => undefined);
    if (current === token) await fsp.rm(options.lockPath, { force: true });
  }
}

/**
 * Crash-safe replacement of a small private file: write a temporary sibling (0600),
 * fsync it, rename it over the target, fsync the directory. A crash at any point
 * leaves either the old file or the new one, never a torn mix; a leftover temporary
 * file is ignored by readers and swept later.
 */
import { randomBytes } from 'node:crypto';
import { promises as fsp } from 'node:fs';
import path from 'node:path';

const TEMP_MARKER = '.tmp-';

export function isTempSiblingOf(file: string, candidate: string): boolean {
  return candidate.startsWith(`${path.basename(file)}${TEMP_MARKER}`);
}

export async function writeFileAtomic(file: string, data: string | Buffer, mode = 0o600): Promise<void> {
  const temp = `${file}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`;
  let handle: fsp.FileHandle | undefined;
  try {
    handle = await fsp.open(temp, 'wx', mode);
    await handle.writeFile(data);
    await handle.sync();
    await handle.close();
    handle = undefined;
    await fsp.rename(temp, file);
  } catch (error) {
    await handle?.close().catch(() => undefined);
    await fsp.rm(temp, { force: true }).catch(() => undefined);
    throw error;
  }
  await syncDirectory(path.dirname(file));
}

/** Create `file` only if it does not exist yet, atomically; resolves false when it existed. */
export async function createFileExclusive(file: string, data: string | Buffer, mode = 0o600): Promise<boolean> {
  const temp = `${file}${TEMP_MARKER}${process.pid}-${randomBytes(4).toString('hex')}`;
  const handle = await fsp.open(temp, 'wx', mode);
  try {
    await handle.writeFile(data);
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // link() fails with EEXIST instead of replacing, so two racing creators agree on one file.
    await fsp.link(temp, file);
    await syncDirectory(path.dirname(file));
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    await fsp.rm(temp, { force: true });
  }
}

/** Remove temporary siblings older than `olderThanMs` (left by a crash mid-write). */
export async function sweepStaleTemps(file: string, olderThanMs: number): Promise<number> {
  const dir = path.dirname(file);
  let removed = 0;
  const names = await fsp.readdir(dir).catch(() => [] as string[]);
  for (const name of names) {
    if (!isTempSiblingOf(file, name)) continue;
    const full = path.join(dir, name);
    const stat = await fsp.stat(full).catch(() => undefined);
    if (stat && Date.now() - stat.mtimeMs > olderThanMs) {
      await fsp.rm(full, { force: true });
      removed += 1;
    }
  }
  return removed;
}

async function syncDirectory(dir: string): Promise<void> {
  // Makes the rename itself durable; some filesystems refuse fsync on a directory.
  const handle = await fsp.open(dir, 'r').catch(() => undefined);
  if (!handle) return;
  try {
    await handle.sync();
  } catch {
    // EINVAL/EISDIR on filesystems without directory fsync: the rename is still atomic.
  } finally {
    await handle.close();
  }
}

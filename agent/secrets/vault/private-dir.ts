/**
 * The state directory holds the vault and its key, so it must be private (0700):
 * created so, and tightened if it exists with looser bits.
 */
import { promises as fsp } from 'node:fs';
import { secretError } from '../secret-errors.js';

export async function ensurePrivateDir(dir: string): Promise<void> {
  try {
    await fsp.mkdir(dir, { recursive: true, mode: 0o700 });
    const stat = await fsp.stat(dir);
    if ((stat.mode & 0o777) !== 0o700) await fsp.chmod(dir, 0o700);
  } catch (error) {
    const errno = (error as NodeJS.ErrnoException).code ?? String(error);
    throw secretError('MB_SECRET_FILE_IO', { path: dir, operation: 'create the private directory', errno }, error);
  }
}

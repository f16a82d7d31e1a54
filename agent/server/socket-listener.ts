/**
 * Taking the agent's Unix socket safely: a private directory (0700), a private socket
 * (0600), and the stale-socket rule of architecture.md — dial the path first; if an
 * agent answers, refuse to start; if nothing does, the file is left over from a crash,
 * so remove it and listen.
 *
 * The race (tailscale's safesocket explains the same one): two agents starting at the
 * same moment on a stale file can both decide it is stale. The loser's listen then fails
 * with EADDRINUSE or the winner's socket is unlinked; the window is milliseconds, and
 * systemd runs one unit instance, so we accept it rather than add a lock file that
 * itself goes stale after a SIGKILL.
 */
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { agentAlreadyRunning, socketDirectoryUnsafe, socketPathOccupied, socketUnusable } from './socket-errors.js';

const PROBE_TIMEOUT_MS = 1_000;

/** Creates the socket directory 0700, or checks that an existing one is private. */
export function prepareSocketDirectory(socketPath: string, ownDirs: readonly string[]): void {
  const dir = path.dirname(socketPath);
  const created = fs.mkdirSync(dir, { recursive: true, mode: 0o700 });
  const stat = fs.statSync(dir);
  if ((stat.mode & 0o077) === 0) return;
  // A directory we created, or one of mailbridge's own, may be tightened; a shared one
  // (/tmp, $HOME) is never chmod-ed behind the operator's back.
  const ours = created !== undefined || ownDirs.includes(path.resolve(dir)) || path.basename(dir) === 'mailbridge';
  if (ours && stat.uid === process.getuid?.()) {
    fs.chmodSync(dir, 0o700);
    return;
  }
  throw socketDirectoryUnsafe(dir, stat.mode);
}

type ProbeResult = { answered: true; pid?: number } | { answered: false; code: string };

/** Dials the socket; if something accepts, asks it `agent.hello` for its pid (best effort). */
export function probeSocket(socketPath: string): Promise<ProbeResult> {
  return new Promise((resolve) => {
    const socket = net.createConnection(socketPath);
    let settled = false;
    const finish = (result: ProbeResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      socket.destroy();
      resolve(result);
    };
    // Something that accepts but never answers still counts as "an agent is running".
    const timer = setTimeout(() => finish({ answered: true }), PROBE_TIMEOUT_MS);
    let buffered = '';
    let connected = false;
    socket.on('connect', () => {
      connected = true;
      socket.write('{"jsonrpc":"2.0","id":1,"method":"agent.hello","params":{"client":"mailbridge-agent-probe"}}\n');
    });
    socket.on('data', (chunk: Buffer) => {
      buffered += chunk.toString('utf8');
      const line = buffered.split('\n')[0];
      if (!buffered.includes('\n') || line === undefined) return;
      try {
        const pid = (JSON.parse(line) as { result?: { pid?: unknown } }).result?.pid;
        finish(typeof pid === 'number' ? { answered: true, pid } : { answered: true });
      } catch {
        finish({ answered: true });
      }
    });
    socket.on('end', () => finish({ answered: true }));
    // An error after connecting (reset mid-hello) still means something listens there.
    socket.on('error', (error: NodeJS.ErrnoException) => finish(connected ? { answered: true } : { answered: false, code: error.code ?? 'UNKNOWN' }));
  });
}

/** Makes the socket path free: nothing there, or a stale socket that is removed. */
export async function claimSocketPath(socketPath: string): Promise<'fresh' | 'replaced-stale'> {
  let stat: fs.Stats;
  try {
    stat = fs.lstatSync(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return 'fresh';
    throw socketUnusable(socketPath, (error as NodeJS.ErrnoException).code ?? 'UNKNOWN');
  }
  if (!stat.isSocket()) throw socketPathOccupied(socketPath, stat.isDirectory() ? 'a directory' : 'a regular file or link');
  const probe = await probeSocket(socketPath);
  if (probe.answered) throw agentAlreadyRunning(socketPath, probe.pid);
  if (probe.code !== 'ECONNREFUSED') throw socketUnusable(socketPath, probe.code);
  fs.unlinkSync(socketPath);
  return 'replaced-stale';
}

/** Listens on the socket with mode 0600 (umask while binding, chmod after, in a 0700 directory). */
export function listenPrivately(server: net.Server, socketPath: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const previousUmask = process.umask(0o177);
    const onError = (error: NodeJS.ErrnoException): void => {
      process.umask(previousUmask);
      reject(error.code === 'EADDRINUSE' ? agentAlreadyRunning(socketPath, undefined) : socketUnusable(socketPath, error.code ?? 'UNKNOWN'));
    };
    server.once('error', onError);
    server.listen(socketPath, () => {
      process.umask(previousUmask);
      server.off('error', onError);
      try {
        fs.chmodSync(socketPath, 0o600);
        resolve();
      } catch (error) {
        reject(socketUnusable(socketPath, (error as NodeJS.ErrnoException).code ?? 'UNKNOWN'));
      }
    });
  });
}

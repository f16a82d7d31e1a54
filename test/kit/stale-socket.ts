/**
 * A socket file nobody listens on — what a SIGKILLed agent leaves behind. Made by a
 * separate process that binds the path and exits without listening or unlinking.
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import path from 'node:path';

export function makeStaleSocket(socketPath: string): void {
  mkdirSync(path.dirname(socketPath), { recursive: true, mode: 0o700 });
  execFileSync('python3', ['-c', 'import socket,sys; s=socket.socket(socket.AF_UNIX); s.bind(sys.argv[1])', socketPath]);
}

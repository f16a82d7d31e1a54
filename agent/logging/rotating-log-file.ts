/**
 * The agent's own copy of its log in the state directory (`logs/agent.log`, mode 0600),
 * which `mailbridge report` tails for a bug report. Why a file and not only journald: the
 * report must work for a user-run agent too, and after the agent has died. Size-capped:
 * past `maxBytes` the file becomes `agent.log.1` (replacing the older one) and a new one
 * starts, so the state directory never grows without bound.
 */
import fs from 'node:fs';
import path from 'node:path';

export const LOG_DIR_NAME = 'logs';
export const LOG_FILE_NAME = 'agent.log';
export const DEFAULT_MAX_LOG_BYTES = 5 * 1024 * 1024;

export function agentLogFile(stateDir: string): string {
  return path.join(stateDir, LOG_DIR_NAME, LOG_FILE_NAME);
}

export class RotatingLogFile {
  private fd: number;
  private size: number;

  constructor(readonly file: string, private readonly maxBytes = DEFAULT_MAX_LOG_BYTES) {
    fs.mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    this.fd = fs.openSync(file, 'a', 0o600);
    this.size = fs.fstatSync(this.fd).size;
  }

  /** Appends synchronously: a line logged just before a crash is on disk. */
  write(line: string): boolean {
    const bytes = Buffer.byteLength(line);
    if (this.size > 0 && this.size + bytes > this.maxBytes) this.rotate();
    fs.writeSync(this.fd, line);
    this.size += bytes;
    return true;
  }

  close(): void {
    fs.closeSync(this.fd);
  }

  private rotate(): void {
    fs.closeSync(this.fd);
    fs.renameSync(this.file, `${this.file}.1`);
    this.fd = fs.openSync(this.file, 'a', 0o600);
    this.size = 0;
  }
}

/** The last `lines` lines of the log (the rotated file first when the current one is short). */
export function tailLog(stateDir: string, lines: number): string[] {
  const file = agentLogFile(stateDir);
  const read = (f: string) => (fs.existsSync(f) ? fs.readFileSync(f, 'utf8').split('\n').filter((l) => l.length > 0) : []);
  const current = read(file);
  const all = current.length >= lines ? current : [...read(`${file}.1`), ...current];
  return all.slice(-lines);
}

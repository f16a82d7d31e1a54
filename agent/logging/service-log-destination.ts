/**
 * Where the agent's pino lines go when it runs as `mailbridge agent`: the terminal or
 * journald (agent-logger's choice: pretty on a TTY, JSON lines otherwise) and the
 * size-capped file in the state directory, and the in-memory ring of recent records that
 * `agent.logs` and the `logs` topic read — every line first scrubbed of the secret values
 * the process knows (known-secret-values.ts), so none of the three can hold one.
 */
import type pino from 'pino';
import { scrubSecretValues } from './known-secret-values.js';
import { logRecordFromLine } from './log-record.js';
import { LogRing } from './log-ring.js';
import { RotatingLogFile, agentLogFile } from './rotating-log-file.js';

export interface ServiceLogDestination extends pino.DestinationStream {
  readonly file: string;
  /** The recent scrubbed records, for `agent.logs` (startAgent's `logs` option). */
  readonly records: LogRing;
  close(): void;
}

export function createServiceLogDestination(stateDir: string, console: pino.DestinationStream, records = new LogRing()): ServiceLogDestination {
  const file = new RotatingLogFile(agentLogFile(stateDir));
  let closed = false;
  return {
    file: file.file,
    records,
    write(line: string) {
      const clean = scrubSecretValues(line);
      console.write(clean);
      if (!closed) file.write(clean);
      // pino writes one line per call; split anyway so a joined write still becomes whole records.
      for (const text of clean.split('\n')) if (text.trim().length > 0) records.push(logRecordFromLine(text));
    },
    close() {
      if (closed) return;
      closed = true;
      file.close();
    },
  };
}

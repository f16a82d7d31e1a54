/**
 * Where the agent's pino lines go when it runs as `mailbridge agent`: the terminal or
 * journald (agent-logger's choice: pretty on a TTY, JSON lines otherwise) and the
 * size-capped file in the state directory — every line first scrubbed of the secret
 * values the process knows (known-secret-values.ts), so neither copy can hold one.
 */
import type pino from 'pino';
import { scrubSecretValues } from './known-secret-values.js';
import { RotatingLogFile, agentLogFile } from './rotating-log-file.js';

export interface ServiceLogDestination extends pino.DestinationStream {
  readonly file: string;
  close(): void;
}

export function createServiceLogDestination(stateDir: string, console: pino.DestinationStream): ServiceLogDestination {
  const file = new RotatingLogFile(agentLogFile(stateDir));
  let closed = false;
  return {
    file: file.file,
    write(line: string) {
      const clean = scrubSecretValues(line);
      console.write(clean);
      if (!closed) file.write(clean);
    },
    close() {
      if (closed) return;
      closed = true;
      file.close();
    },
  };
}

/**
 * sd_notify for `Type=notify` units (READY=1, STATUS=…, RELOADING=1, STOPPING=1) when
 * systemd sets NOTIFY_SOCKET.
 *
 * Node cannot send on a Unix datagram socket (ecosystem.md E.4), and a native module
 * would have to be built per platform; so we run the `systemd-notify` tool that ships
 * with systemd itself. Its catch: the message comes from a child PID, so the unit needs
 * `NotifyAccess=all`, and systemd must see the message while the sender is alive. Since
 * systemd 246, `systemd-notify` follows each message with a BARRIER=1 and waits until
 * the manager has processed it, which closes that race; we keep that behaviour (no
 * `--no-block`) and bound the wait with a timeout so a wedged manager never blocks a
 * shutdown. Messages are sent one at a time, in order.
 */
import { execFile } from 'node:child_process';
import type { Logger } from 'pino';
import type { Env } from '../../src/paths.js';

export interface ServiceNotifier {
  /** True when NOTIFY_SOCKET is set (running under a Type=notify unit, or a test). */
  readonly enabled: boolean;
  ready(status: string): Promise<void>;
  status(status: string): Promise<void>;
  reloading(status: string): Promise<void>;
  stopping(status: string): Promise<void>;
}

const SEND_TIMEOUT_MS = 5_000;

/** STATUS= is one line of free text; systemd shows it in `systemctl status`. */
function statusLine(text: string): string {
  return `STATUS=${text.replace(/[\r\n]+/g, ' ').slice(0, 200)}`;
}

export function createServiceNotifier(env: Env, log: Logger, tool = env.MAILBRIDGE_SYSTEMD_NOTIFY ?? 'systemd-notify'): ServiceNotifier {
  const socket = env.NOTIFY_SOCKET;
  if (!socket) {
    const none = () => Promise.resolve();
    return { enabled: false, ready: none, status: none, reloading: none, stopping: none };
  }
  let queue = Promise.resolve();
  let warned = false;
  const send = (fields: string[]): Promise<void> => {
    queue = queue.then(() => new Promise<void>((resolve) => {
      execFile(tool, fields, { env: { ...process.env, NOTIFY_SOCKET: socket }, timeout: SEND_TIMEOUT_MS }, (error, _stdout, stderr) => {
        if (error && !warned) {
          warned = true;
          const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
          log.warn({ tool, fields: fields.map((f) => f.split('=')[0]), detail: missing ? 'not installed' : stderr.trim() || error.message },
            missing ? 'NOTIFY_SOCKET is set but systemd-notify is not installed; use Type=exec in the unit' : 'systemd-notify failed; check NotifyAccess=all in the unit');
        }
        resolve();
      });
    }));
    return queue;
  };
  return {
    enabled: true,
    ready: (status) => send(['READY=1', statusLine(status)]),
    status: (status) => send([statusLine(status)]),
    reloading: (status) => send(['RELOADING=1', statusLine(status)]),
    stopping: (status) => send(['STOPPING=1', statusLine(status)]),
  };
}

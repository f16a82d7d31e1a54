/**
 * A stand-in for systemd's notification socket: a python3 process bound to a Unix
 * datagram socket (Node has none) that prints every datagram it receives as one JSON
 * line. Tests read `messages` to see READY=1, STATUS=…, RELOADING=1, STOPPING=1.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';

const RECEIVER = `
import json, socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
print(json.dumps("BOUND"), flush=True)
while True:
    data = s.recv(65536)
    print(json.dumps(data.decode("utf-8", "replace")), flush=True)
`;

export class NotifyReceiver {
  readonly messages: string[] = [];
  private constructor(private readonly child: ChildProcess, readonly socketPath: string) {}

  static async start(socketPath: string): Promise<NotifyReceiver> {
    const child = spawn('python3', ['-c', RECEIVER, socketPath], { stdio: ['ignore', 'pipe', 'inherit'] });
    const receiver = new NotifyReceiver(child, socketPath);
    let buffer = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffer += chunk.toString('utf8');
      let at: number;
      while ((at = buffer.indexOf('\n')) >= 0) {
        const line = buffer.slice(0, at);
        buffer = buffer.slice(at + 1);
        if (line.trim()) receiver.messages.push(JSON.parse(line) as string);
      }
    });
    await receiver.waitFor((m) => m === 'BOUND', 10_000);
    if (!existsSync(socketPath)) throw new Error('the notify receiver did not bind');
    return receiver;
  }

  /** Resolves with the first message matching, waiting up to `timeoutMs`. */
  async waitFor(match: (message: string) => boolean, timeoutMs = 20_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.messages.find(match);
      if (found !== undefined) return found;
      if (Date.now() > deadline) throw new Error(`no notification matched within ${timeoutMs} ms; got ${JSON.stringify(this.messages)}`);
      await new Promise((resolve) => setTimeout(resolve, 25));
    }
  }

  stop(): void {
    this.child.kill('SIGTERM');
  }
}

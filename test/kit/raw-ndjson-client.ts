/**
 * A deliberately dumb NDJSON client for tests: writes whatever bytes it is given (bad
 * JSON, huge lines, half a request) and reads answers line by line. It does not use the
 * protocol code under test, and it keeps a transcript of every line the agent sent.
 */
import net from 'node:net';

export class RawNdjsonClient {
  /** Every line received, in order (for the secret-leak grep). */
  readonly transcript: string[] = [];
  /** Messages `request` skipped while waiting for its answer. */
  readonly notifications: RpcMessage[] = [];
  private readonly queue: unknown[] = [];
  private readonly waiters: Array<(message: unknown) => void> = [];
  private buffered = '';
  private nextId = 1;
  readonly closed: Promise<void>;

  private constructor(readonly socket: net.Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => this.receive(chunk));
    socket.on('error', () => undefined);
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
  }

  static connect(socketPath: string): Promise<RawNdjsonClient> {
    return new Promise((resolve, reject) => {
      const socket = net.createConnection(socketPath);
      socket.once('connect', () => {
        socket.removeListener('error', reject);
        resolve(new RawNdjsonClient(socket));
      });
      socket.once('error', reject);
    });
  }

  /** Writes raw text as is (add the newline yourself). */
  write(text: string | Buffer): void {
    this.socket.write(text);
  }

  send(message: unknown): void {
    this.write(`${JSON.stringify(message)}\n`);
  }

  /**
   * Sends a request with a fresh id and resolves with its answer (or an answer with id
   * null: a parse or frame error). Notifications that arrive first are set aside in
   * `notifications`; use `send`/`next` for pipelining with ids of your own.
   */
  async request(method: string, params?: unknown, timeoutMs = 10_000): Promise<RpcMessage> {
    const id = this.nextId++;
    this.send({ jsonrpc: '2.0', id, method, ...(params === undefined ? {} : { params }) });
    for (;;) {
      const message = await this.next(timeoutMs);
      if (message.id === id || message.id === null) return message;
      this.notifications.push(message);
    }
  }

  /** The next message the agent sends, parsed. */
  next(timeoutMs = 10_000): Promise<RpcMessage> {
    const queued = this.queue.shift();
    if (queued !== undefined) return Promise.resolve(queued as RpcMessage);
    return new Promise((resolve, reject) => {
      const waiter = (message: unknown): void => {
        clearTimeout(timer);
        resolve(message as RpcMessage);
      };
      const timer = setTimeout(() => {
        this.waiters.splice(this.waiters.indexOf(waiter), 1);
        reject(new Error(`no message from the agent within ${timeoutMs} ms`));
      }, timeoutMs);
      this.waiters.push(waiter);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private receive(chunk: string): void {
    this.buffered += chunk;
    let newline = this.buffered.indexOf('\n');
    while (newline !== -1) {
      const line = this.buffered.slice(0, newline);
      this.buffered = this.buffered.slice(newline + 1);
      this.transcript.push(line);
      const message: unknown = JSON.parse(line);
      const waiter = this.waiters.shift();
      if (waiter) waiter(message);
      else this.queue.push(message);
      newline = this.buffered.indexOf('\n');
    }
  }
}

export interface RpcMessage {
  jsonrpc?: string;
  id?: number | string | null;
  method?: string;
  params?: Record<string, unknown>;
  result?: Record<string, unknown> & { [key: string]: unknown };
  error?: { code: number; message: string; data?: Record<string, unknown> & { [key: string]: unknown } };
}

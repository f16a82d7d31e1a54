/**
 * A Unix-socket proxy that sits between clients and the agent and records every byte
 * the agent sends back — so a test can inspect "every RPC response of a run", including
 * those the CLI commands receive inside their own processes. Clients are pointed at
 * the proxy with MAILBRIDGE_SOCKET; the proxy dials the real agent socket.
 */
import { mkdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export class RecordingProxy {
  private readonly chunks: Buffer[] = [];
  private readonly sockets = new Set<net.Socket>();

  private constructor(private readonly server: net.Server, readonly socketPath: string) {}

  static async start(proxyPath: string, agentPath: string): Promise<RecordingProxy> {
    mkdirSync(path.dirname(proxyPath), { recursive: true, mode: 0o700 });
    const server = net.createServer();
    const proxy = new RecordingProxy(server, proxyPath);
    server.on('connection', (client) => proxy.relay(client, agentPath));
    await new Promise<void>((resolve) => server.listen(proxyPath, resolve));
    return proxy;
  }

  /** Everything the agent sent through the proxy so far. */
  get recorded(): string {
    return Buffer.concat(this.chunks).toString('utf8');
  }

  async close(): Promise<void> {
    for (const socket of this.sockets) socket.destroy();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private relay(client: net.Socket, agentPath: string): void {
    const upstream = net.createConnection(agentPath);
    for (const socket of [client, upstream]) {
      this.sockets.add(socket);
      socket.on('error', () => undefined);
      socket.on('close', () => {
        this.sockets.delete(socket);
        client.destroy();
        upstream.destroy();
      });
    }
    upstream.on('data', (chunk: Buffer) => this.chunks.push(Buffer.from(chunk)));
    client.pipe(upstream);
    upstream.pipe(client);
  }
}

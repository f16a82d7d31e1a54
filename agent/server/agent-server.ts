/**
 * The agent's socket server: claims the socket path (stale-socket rule), accepts
 * clients, hands each a ClientConnection on a shared dispatcher, and on close stops
 * accepting, lets running requests finish (briefly), closes every client and removes
 * the socket file.
 */
import fs from 'node:fs';
import net from 'node:net';
import type { Logger } from 'pino';
import type { MethodHandlers } from './call-context.js';
import { ClientConnection } from './client-connection.js';
import { RpcDispatcher } from './rpc-dispatcher.js';
import { claimSocketPath, listenPrivately, prepareSocketDirectory } from './socket-listener.js';

export interface AgentServerOptions {
  socketPath: string;
  handlers: MethodHandlers;
  log: Logger;
  /** Directories that belong to mailbridge (may be tightened to 0700 when looser). */
  ownDirs?: readonly string[];
}

/** How long running requests get to finish when the agent stops. */
const DRAIN_TIMEOUT_MS = 2_000;

export class AgentServer {
  private readonly connections = new Set<ClientConnection>();
  private nextConnectionId = 1;
  private closing: Promise<void> | undefined;

  private constructor(private readonly server: net.Server, readonly socketPath: string, private readonly log: Logger, private readonly dispatcher: RpcDispatcher) {}

  /**
   * Checks the socket path before anything else is opened, so a second agent refuses with
   * "already running" instead of tripping over the first one's locks. `start` checks again.
   */
  static async claim(options: Pick<AgentServerOptions, 'socketPath' | 'log' | 'ownDirs'>): Promise<void> {
    const { socketPath, log } = options;
    prepareSocketDirectory(socketPath, options.ownDirs ?? []);
    const claimed = await claimSocketPath(socketPath);
    if (claimed === 'replaced-stale') log.warn({ socketPath }, 'replaced a stale socket left by an agent that did not shut down cleanly');
  }

  static async start(options: AgentServerOptions): Promise<AgentServer> {
    const { socketPath, log } = options;
    await AgentServer.claim(options);
    const dispatcher = new RpcDispatcher(options.handlers, log);
    const server = net.createServer({ allowHalfOpen: false });
    const agentServer = new AgentServer(server, socketPath, log, dispatcher);
    server.on('connection', (socket) => agentServer.accept(socket));
    await listenPrivately(server, socketPath);
    server.on('error', (error) => log.error({ err: error }, 'socket server error'));
    log.info({ socketPath }, 'listening');
    return agentServer;
  }

  get clientCount(): number {
    return this.connections.size;
  }

  /** Stops the server; safe to call more than once. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  private accept(socket: net.Socket): void {
    if (this.closing) {
      socket.destroy();
      return;
    }
    const connection = new ClientConnection(this.nextConnectionId++, socket, this.dispatcher, this.log);
    this.connections.add(connection);
    connection.onClose(() => this.connections.delete(connection));
  }

  private async shutdown(): Promise<void> {
    const stopped = new Promise<void>((resolve) => this.server.close(() => resolve()));
    this.dispatcher.refuseNewWork();
    // Remove the file first: from now on a client gets "no agent running", not a hang.
    removeSocketFile(this.socketPath);
    const drained = Promise.all([...this.connections].map((c) => c.whenIdle()));
    await Promise.race([drained, delay(DRAIN_TIMEOUT_MS)]);
    for (const connection of this.connections) connection.end();
    await Promise.race([stopped, delay(DRAIN_TIMEOUT_MS)]);
    for (const connection of this.connections) connection.destroy();
    await stopped;
  }
}

function removeSocketFile(socketPath: string): void {
  try {
    fs.unlinkSync(socketPath);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms).unref());
}

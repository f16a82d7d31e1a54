/**
 * Ordinary loopback servers for the check tests (not the lab): a TLS server with a chosen
 * chain and protocol range, a TCP listener that accepts and never speaks, a plain HTTP
 * server, and a port known to be closed. All bind 127.0.0.1 only.
 */
import http from 'node:http';
import net from 'node:net';
import tls from 'node:tls';

export interface RunningServer {
  port: number;
  close(): Promise<void>;
}

async function listen(server: net.Server): Promise<RunningServer> {
  const sockets = new Set<net.Socket>();
  server.on('connection', (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

export interface TlsServerOptions {
  /** PEM: the leaf first, then whatever chain the server should send. */
  certChainPem: string;
  keyPem: string;
  minVersion?: tls.SecureVersion;
  maxVersion?: tls.SecureVersion;
}

export function startTlsServer(options: TlsServerOptions): Promise<RunningServer> {
  const server = tls.createServer(
    {
      cert: options.certChainPem,
      key: options.keyPem,
      minVersion: options.minVersion ?? 'TLSv1.2',
      maxVersion: options.maxVersion ?? 'TLSv1.3',
      // Security level 0 lets the server load the SHA-1 certificate and offer TLS 1.0/1.1:
      // the defects under test. The client side (the checks) keeps Node's defaults.
      ciphers: 'DEFAULT@SECLEVEL=0',
    },
    (socket) => socket.end(),
  );
  server.on('tlsClientError', () => undefined);
  return listen(server);
}

/** Accepts TCP connections and never sends a byte: a port with a listener that never answers. */
export function startSilentListener(): Promise<RunningServer> {
  return listen(net.createServer(() => undefined));
}

export function startHttpServer(handler: http.RequestListener): Promise<RunningServer> {
  return listen(http.createServer(handler));
}

/** A loopback port with nothing listening (bound once to learn a free number, then closed). */
export async function closedPort(): Promise<number> {
  const server = await listen(net.createServer());
  await server.close();
  return server.port;
}

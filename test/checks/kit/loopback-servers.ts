/**
 * Ordinary loopback servers for the check tests (not the lab): a TLS server with a chosen
 * chain and protocol range, a TCP listener that accepts and never speaks, a plain HTTP
 * server, and a port known to be closed. All bind 127.0.0.1 only.
 */
import http from 'node:http';
import https from 'node:https';
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
/** An HTTPS server with the given chain and handler (e.g. an Exchange look-alike for the command tests). */
export function startHttpsServer(options: TlsServerOptions, handler: http.RequestListener): Promise<RunningServer> {
  return listen(https.createServer({ cert: options.certChainPem, key: options.keyPem }, handler));
}

/**
 * Answers as an Exchange front end does to anonymous requests: EWS 401 offering Windows
 * authentication, OWA a redirect to its sign-in page, anything else 404.
 */
export const exchangeLookalike: http.RequestListener = (req, res) => {
  const path = (req.url ?? '/').toLowerCase();
  req.resume();
  if (path.startsWith('/ews/exchange.asmx')) res.writeHead(401, { 'WWW-Authenticate': ['Negotiate', 'NTLM'], Date: new Date().toUTCString() }).end();
  else if (path.startsWith('/owa/')) res.writeHead(302, { Location: '/owa/auth/logon.aspx' }).end();
  else res.writeHead(404).end();
};

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

/**
 * A listener whose process never accepts (a child process blocked in its event loop) and
 * whose kernel accept queue is already full: further connection attempts get no SYN-ACK,
 * which is what a firewall that silently drops looks like — on loopback. Linux queues
 * backlog + 1 connections, so two fillers suffice for backlog 1.
 */
export async function startDroppingListener(): Promise<RunningServer> {
  const { spawn } = await import('node:child_process');
  const script = `
    const net = require('node:net');
    const server = net.createServer();
    server.listen({ port: 0, host: '127.0.0.1', backlog: 1 }, () => {
      process.stdout.write(server.address().port + '\\n');
      const cell = new Int32Array(new SharedArrayBuffer(4));
      for (;;) Atomics.wait(cell, 0, 0, 1000); // never returns to the event loop
    });`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString().trim())));
    child.once('error', reject);
  });
  const fillers: net.Socket[] = [];
  for (let i = 0; i < 2; i += 1) {
    await new Promise<void>((resolve, reject) => {
      const socket = net.connect({ host: '127.0.0.1', port }, () => resolve());
      socket.once('error', reject);
      fillers.push(socket);
    });
  }
  return {
    port,
    close: async () => {
      for (const socket of fillers) socket.destroy();
      child.kill('SIGKILL');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}

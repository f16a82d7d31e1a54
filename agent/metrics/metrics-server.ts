/**
 * The opt-in Prometheus endpoint (`mailbridge agent --metrics ADDRESS`): GET /metrics
 * answers the text exposition of agent-metrics.ts; anything else is 404. Plain HTTP on
 * purpose — the address is loopback by default and a site-local Alloy/OTel Collector or
 * Prometheus scrapes it (ecosystem.md E.2).
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Logger } from 'pino';
import { OperatorError } from '../../src/errors/operator-error.js';
import { metricsRegistry } from './agent-metrics.js';
import type { ListenAddress } from './listen-address.js';

export interface MetricsServer {
  /** The bound address (the port is real even when 0 was asked). */
  readonly url: string;
  close(): Promise<void>;
}

export async function startMetricsServer(address: ListenAddress, log: Logger): Promise<MetricsServer> {
  const server = http.createServer((request, response) => {
    const pathname = (request.url ?? '/').split('?')[0];
    if (request.method !== 'GET' && request.method !== 'HEAD') {
      response.writeHead(405, { allow: 'GET, HEAD' }).end();
      return;
    }
    if (pathname !== '/metrics') {
      response.writeHead(404, { 'content-type': 'text/plain' }).end('mailbridge serves /metrics only\n');
      return;
    }
    metricsRegistry.metrics().then(
      (text) => response.writeHead(200, { 'content-type': metricsRegistry.contentType }).end(request.method === 'HEAD' ? undefined : text),
      (error: unknown) => {
        log.warn({ err: error }, 'metrics collection failed');
        response.writeHead(500, { 'content-type': 'text/plain' }).end('metrics collection failed\n');
      },
    );
  });
  server.keepAliveTimeout = 5_000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) => reject(new OperatorError({
      code: 'MB_METRICS_LISTEN_FAILED', family: 'config', field: '--metrics', exitCode: 1,
      message: `cannot listen for metrics on ${address.host}:${address.port}: ${error.code ?? error.message}`,
      cause: error.code === 'EADDRINUSE' ? 'Another program already listens on that port.' : 'The address is not one of this host\'s addresses, or the port needs privileges.',
      fix: ['Choose a free port (9464 is the usual one for an exporter), or an address of this host such as 127.0.0.1.'],
      underlying: error,
    })));
    server.listen(address.port, address.host, () => resolve());
  });
  const bound = server.address() as AddressInfo;
  const host = bound.family === 'IPv6' ? `[${bound.address}]` : bound.address;
  const url = `http://${host}:${bound.port}/metrics`;
  if (!address.loopback) log.warn({ url }, 'metrics served on a non-loopback address: anyone who reaches it can read profile names and check results');
  log.info({ url }, 'metrics endpoint listening');
  return {
    url,
    close: () => new Promise<void>((resolve) => {
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}

/**
 * An https.Agent that reaches HTTPS servers through an HTTP proxy's CONNECT tunnel
 * (RFC 9110 §9.3.6, issue #7). TLS runs end to end on top of the tunnel: the proxy sees
 * only host:port and ciphertext, and the profile's CA, client certificate and host-name
 * check apply to the server exactly as on a direct connection. Hosts the profile lists in
 * proxy.noProxy get a direct connection from the same agent.
 *
 * The TLS socket over a tunnel is an ordinary pooled keep-alive socket of the agent, so
 * later requests reuse the tunnel — NTLM needs that, it authenticates a connection. One
 * tunnel per pooled socket; a tunnel closes with its TLS socket.
 *
 * Written here rather than taken from https-proxy-agent: the connectors' agents are plain
 * https.Agents (keep-alive pools, `reusedSocket`, NTLM's socket identity), and only an own
 * createConnection can turn the proxy's 407 or a refused tunnel into a typed error instead
 * of replaying the proxy's answer as if the server had sent it.
 */
import http from 'node:http';
import https from 'node:https';
import { isIP, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import tls from 'node:tls';
import { proxyAuthFailed, proxyTunnelRefused, proxyUnreachable } from './proxy-errors.js';
import { routesThroughProxy, type ProxyRoute } from './proxy-route.js';

/** Opening the tunnel (TCP to the proxy plus its CONNECT answer) gets this long. */
export const DEFAULT_TUNNEL_TIMEOUT_MS = 30_000;

export interface ProxyTunnelAgentOptions extends https.AgentOptions {
  tunnelTimeoutMs?: number;
}

type ConnectionCallback = (err: Error | null, stream: Duplex) => void;

/** Counts for tests and the checks' details: how many tunnels this agent opened. */
export interface TunnelStats {
  opened: number;
}

export class ProxyTunnelAgent extends https.Agent {
  readonly stats: TunnelStats = { opened: 0 };
  private readonly tunnelTimeoutMs: number;

  constructor(private readonly route: ProxyRoute, options: ProxyTunnelAgentOptions = {}) {
    const { tunnelTimeoutMs, ...agentOptions } = options;
    super(agentOptions);
    this.tunnelTimeoutMs = tunnelTimeoutMs ?? DEFAULT_TUNNEL_TIMEOUT_MS;
  }

  override createConnection(options: https.RequestOptions, callback?: ConnectionCallback): Duplex | null | undefined {
    const host = String(options.host ?? options.hostname ?? 'localhost').replace(/^\[|\]$/g, '');
    const port = Number(options.port ?? 443);
    if (!routesThroughProxy(this.route, host)) return super.createConnection(options);
    this.tunnel(host, port, options).then(
      (socket) => callback?.(null, socket),
      (error: Error) => callback?.(error, undefined as unknown as Duplex),
    );
    return undefined;
  }

  private async tunnel(host: string, port: number, options: https.RequestOptions): Promise<tls.TLSSocket> {
    const socket = await openConnectTunnel(this.route, host, port, this.tunnelTimeoutMs);
    this.stats.opened += 1;
    const { path: _path, agent: _agent, headers: _headers, ...tlsOptions } = options as https.RequestOptions & Record<string, unknown>;
    const servername = typeof options.servername === 'string' && options.servername !== '' ? options.servername : isIP(host) === 0 ? host : undefined;
    return tls.connect({ ...(tlsOptions as tls.ConnectionOptions), host, port, socket, ...(servername ? { servername } : {}) });
  }
}

/**
 * Opens a CONNECT tunnel to host:port through the route's proxy and hands back the raw
 * socket, ready for TLS to the server (the connectors' agent above; a TLS probe of the
 * checks can use it the same way). Proxy refusals and failures are the typed errors of
 * proxy-errors.ts.
 */
export function openConnectTunnel(route: ProxyRoute, host: string, port: number, timeoutMs = DEFAULT_TUNNEL_TIMEOUT_MS): Promise<Socket> {
  const target = `${host.includes(':') ? `[${host}]` : host}:${port}`;
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { Host: target };
    if (route.authorization) headers['Proxy-Authorization'] = route.authorization;
    const connect = http.request({ host: route.host, port: route.port, method: 'CONNECT', path: target, headers, agent: false, setHost: false });
    const timer = setTimeout(() => {
      connect.destroy(Object.assign(new Error(`no answer from the proxy within ${timeoutMs} ms`), { code: 'ETIMEDOUT' }));
    }, timeoutMs);
    connect.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject(proxyUnreachable(route, target, error));
    });
    // Node emits 'connect' for every answer to CONNECT, 407 and 403 included.
    connect.once('connect', (res: http.IncomingMessage, socket: Socket, head: Buffer) => {
      clearTimeout(timer);
      const status = res.statusCode ?? 0;
      if (status < 200 || status >= 300) {
        socket.destroy();
        reject(status === 407 ? proxyAuthFailed(route, target) : proxyTunnelRefused(route, target, status, res.statusMessage ?? ''));
        return;
      }
      // The server speaks only after the client's ClientHello, so nothing should follow the proxy's answer.
      if (head.length > 0) socket.unshift(head);
      resolve(socket);
    });
    connect.end();
  });
}

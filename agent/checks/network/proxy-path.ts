/**
 * The proxy path of the network checks (issues #4, #7): when a profile sends its traffic to
 * the server through an HTTP proxy, a direct DNS answer or TCP connection from this host is
 * not needed — the sync resolves and connects through the proxy's CONNECT tunnel. This
 * module says whether a target is proxied, probes a port through the tunnel (open, then
 * close without a byte of TLS), and words the note the direct checks carry when the direct
 * path fails but the proxy path is what matters. The proxy is named by host and port only.
 */
import type { Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import { bypassesProxy } from '../../../src/profiles/proxy-url.js';
import { openConnectTunnel } from '../../connectors/transport/proxy-tunnel-agent.js';
import type { ProxySource } from '../../connectors/transport/proxy-route.js';
import type { NetworkTarget } from '../network-target.js';

/** The warning a direct check gives when only the proxy path reaches the server. */
export const PROXY_ONLY_CODE = 'MB_REACHED_ONLY_THROUGH_PROXY';

/** A target whose host the profile's proxy carries (not matched by proxy.noProxy). */
export interface ProxiedTarget extends NetworkTarget {
  readonly proxy: string;
  readonly proxyRoute: ProxySource;
}

export function isProxied(target: NetworkTarget): target is ProxiedTarget {
  return target.proxy !== undefined && target.proxyRoute !== undefined && !bypassesProxy(target.host, target.proxyNoProxy ?? []);
}

/** The details a direct check adds when its failure does not matter because of the proxy. */
export function proxyOnlyDetails(target: ProxiedTarget): { proxy: string; via: 'proxy'; proxyNote: string } {
  return {
    proxy: target.proxy,
    via: 'proxy',
    proxyNote: `the agent reaches ${target.host} through the proxy ${target.proxy} (as the sync does); direct connections from this host are not required`,
  };
}

export interface TunnelProbe {
  readonly state: 'open' | 'failed';
  /** The proxy's refusal (MB_PROXY_*), a missing proxy password (MB_SECRET_MISSING), or a socket code. */
  readonly code?: string;
  readonly message?: string;
  readonly elapsedMs: number;
}

/** Opens a CONNECT tunnel to `host:port` through the route and closes it; never rejects. */
export async function probeTunnel(source: ProxySource, host: string, port: number, timeoutMs: number): Promise<TunnelProbe> {
  const started = performance.now();
  const elapsedMs = (): number => Math.round(performance.now() - started);
  try {
    const socket = await tunnelTo(source, host, port, timeoutMs);
    socket.destroy();
    return { state: 'open', elapsedMs: elapsedMs() };
  } catch (error) {
    const e = error as { code?: unknown; message?: unknown };
    return { state: 'failed', code: typeof e.code === 'string' ? e.code : 'MB_PROXY_UNREACHABLE', message: String(e.message ?? error), elapsedMs: elapsedMs() };
  }
}

/** A raw socket to `host:port` through the profile's proxy (its password read on first use). */
export async function tunnelTo(source: ProxySource, host: string, port: number, timeoutMs: number): Promise<Socket> {
  const route = await source();
  if (!route) throw Object.assign(new Error('the profile has no usable proxy route'), { code: 'MB_PROXY_URL_INVALID' });
  return openConnectTunnel(route, host, port, timeoutMs);
}

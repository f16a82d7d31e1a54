/**
 * One TCP connect probe to a port on every resolved address at once, with each outcome
 * told apart: open, refused, timed out, unreachable, reset (error-catalog.md §2). The
 * reference tool prints one message for all of these (diagnostics.md §7, weak point 5).
 */
import net from 'node:net';
import { performance } from 'node:perf_hooks';
import type { ProxySource } from '../../connectors/transport/proxy-route.js';
import { probeTunnel, type TunnelProbe } from './proxy-path.js';

export type PortState = 'open' | 'refused' | 'timeout' | 'unreachable' | 'reset' | 'error';

export interface AddressAttempt {
  readonly address: string;
  readonly state: PortState;
  /** Node error code for a failure (ETIMEDOUT for our own connect timer). */
  readonly code?: string;
  readonly elapsedMs: number;
}

export interface PortProbe {
  /** The port actually connected to (after mapping). */
  readonly port: number;
  /** `open` when any address accepted; otherwise the state of the first address tried. */
  readonly state: PortState;
  readonly code?: string;
  /** The address that accepted, when open. */
  readonly openAddress?: string;
  readonly attempts: readonly AddressAttempt[];
}

const STATE_BY_CODE: Readonly<Record<string, PortState>> = {
  ECONNREFUSED: 'refused',
  ETIMEDOUT: 'timeout',
  EHOSTUNREACH: 'unreachable',
  ENETUNREACH: 'unreachable',
  EADDRNOTAVAIL: 'unreachable',
  ECONNRESET: 'reset',
};

export function portStateOf(code: string | undefined): PortState {
  return (code && STATE_BY_CODE[code]) || 'error';
}

/** Words for a state, used in summaries ("refused", "timed out"…). */
export const PORT_STATE_WORDS: Readonly<Record<PortState, string>> = {
  open: 'open',
  refused: 'refused',
  timeout: 'timed out (no answer)',
  unreachable: 'unreachable (no route)',
  reset: 'reset by the peer',
  error: 'failed',
};

function connectOnce(address: string, port: number, timeoutMs: number): Promise<AddressAttempt> {
  const started = performance.now();
  return new Promise((resolve) => {
    const socket = net.connect({ host: address, port });
    const done = (state: PortState, code?: string): void => {
      clearTimeout(timer);
      socket.destroy();
      resolve({ address, state, ...(code ? { code } : {}), elapsedMs: Math.round(performance.now() - started) });
    };
    const timer = setTimeout(() => done('timeout', 'ETIMEDOUT'), timeoutMs);
    socket.once('connect', () => done('open'));
    socket.once('error', (error: NodeJS.ErrnoException) => done(portStateOf(error.code), error.code ?? 'EUNKNOWN'));
  });
}

/** Connects to `port` on all addresses in parallel; never rejects; ends within `timeoutMs`. */
export async function probePort(addresses: readonly string[], port: number, timeoutMs: number): Promise<PortProbe> {
  const attempts = await Promise.all(addresses.map((address) => connectOnce(address, port, timeoutMs)));
  const open = attempts.find((a) => a.state === 'open');
  if (open) return { port, state: 'open', openAddress: open.address, attempts };
  const first = attempts[0];
  return { port, state: first?.state ?? 'error', ...(first?.code ? { code: first.code } : {}), attempts };
}

/** Shares one probe per port between the TCP checks of a run (each EX-2 verdict needs two ports). */
export class PortProbeCache {
  readonly #probes = new Map<number, Promise<PortProbe>>();
  readonly #tunnels = new Map<number, Promise<TunnelProbe>>();

  constructor(private readonly timeoutMs: number) {}

  probe(addresses: readonly string[], port: number): Promise<PortProbe> {
    let probe = this.#probes.get(port);
    if (!probe) {
      probe = probePort(addresses, port, this.timeoutMs);
      this.#probes.set(port, probe);
    }
    return probe;
  }

  /** The same port through the profile's proxy (CONNECT, then closed): one tunnel per port and run. */
  tunnel(source: ProxySource, host: string, port: number): Promise<TunnelProbe> {
    let probe = this.#tunnels.get(port);
    if (!probe) {
      probe = probeTunnel(source, host, port, this.timeoutMs);
      this.#tunnels.set(port, probe);
    }
    return probe;
  }
}

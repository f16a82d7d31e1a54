/**
 * What the network and TLS checks probe: one host, the ports EX-2 cares about (each
 * mappable onto another port — the lab's ephemeral ports, a non-standard HTTPS port), the
 * ports the operator named explicitly, an optional CA file, and the resolver to use.
 * Built by the `check` command or the agent from a profile or `--server`.
 */
import type { HostResolver } from './network/host-resolver.js';
import type { ProxySource } from '../connectors/transport/proxy-route.js';

/** The standard ports of EX-2: HTTP, HTTPS, and the HTTPS alternative 2610. */
export const STANDARD_PORTS = { http: 80, https: 443, alternativeHttps: 2610 } as const;

export interface CaFile {
  /** Shown in reports. */
  readonly path: string;
  /** PEM text, one or more certificates. */
  readonly pem: string;
  /**
   * Where it came from: the profile's `tls.caFile` (a deliberate internal-PKI setup, so a
   * chain trusted only through it passes with a note) or an ad-hoc `--ca-file` (warns).
   * Absent = ad hoc.
   */
  readonly origin?: 'profile' | 'ad-hoc';
}

export interface NetworkTarget {
  readonly host: string;
  /** Logical port (as in the check id) → port actually connected to; identity when absent. */
  readonly portMap?: Readonly<Record<number, number>>;
  /** Ports named explicitly (`--ports`): a closed one fails, whatever EX-2 says about it. */
  readonly requiredPorts?: readonly number[];
  readonly caFile?: CaFile;
  /** Trust the system store besides the CA file (profile `tls.systemTrustStore`, default true). */
  readonly systemTrustStore?: boolean;
  readonly resolver: HostResolver;
  /** TCP connect time-out per address (default 5 s); keep it below the runner's per-check time-out. */
  readonly connectTimeoutMs?: number;
  /**
   * Only HTTPS on 443 matters (Exchange Online: the authority and Graph hosts): no port 80,
   * no 2610, no HTTP redirect check.
   */
  readonly httpsOnly?: boolean;
  /**
   * `http://HOST:PORT` of the profile's outbound proxy (issue #7), never with credentials.
   * When it carries this host (network/proxy-path.ts), tls.handshake tunnels through it and a
   * failing direct dns/tcp check only warns; otherwise these checks connect directly and say so.
   */
  readonly proxy?: string;
  /** The route the HTTP checks after tls.* use, as the connectors do (read on first use). */
  readonly proxyRoute?: ProxySource;
  /** The profile's proxy.noProxy: a host it matches is reached directly, so its checks stay direct. */
  readonly proxyNoProxy?: readonly string[];
}

export function actualPort(target: NetworkTarget, logicalPort: number): number {
  return target.portMap?.[logicalPort] ?? logicalPort;
}

/** The logical ports a run probes: the three standard ones plus every explicit one, in order. */
export function portsToProbe(target: NetworkTarget): number[] {
  const standard: number[] = target.httpsOnly ? [STANDARD_PORTS.https] : [STANDARD_PORTS.http, STANDARD_PORTS.https, STANDARD_PORTS.alternativeHttps];
  return [...new Set([...standard, ...(target.requiredPorts ?? [])])];
}

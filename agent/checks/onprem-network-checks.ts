/**
 * The network and TLS checks for one host, as a dependency graph:
 *
 *   [profile.valid] → dns.resolve → tcp.80   → http.redirect
 *                                 → tcp.443  ┐
 *                                 → tcp.2610 ┴→ tls.handshake → tls.trust | tls.hostname | tls.validity | tls.signature
 *                                 → tcp.<each --ports entry>
 *
 * Built fresh per run: the TCP checks share one probe per port through the run's cache.
 */
import type { CheckDefinition } from './check-definition.js';
import { DEFAULT_CHECK_TIMEOUT_MS } from './runner.js';
import { portsToProbe, type NetworkTarget } from './network-target.js';
import { dnsResolveCheck } from './network/dns-resolve.js';
import { httpRedirectCheck } from './network/http-redirect.js';
import { tcpPortCheck } from './network/tcp-port.js';
import { PortProbeCache } from './network/tcp-probe.js';
import { tlsHandshakeCheck } from './tls/tls-handshake.js';
import { tlsHostnameCheck } from './tls/tls-hostname.js';
import { tlsSignatureCheck } from './tls/tls-signature.js';
import { tlsTrustCheck } from './tls/tls-trust.js';
import { tlsValidityCheck } from './tls/tls-validity.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;

export interface NetworkCheckOptions {
  /** Put dns.resolve behind this check (profile.valid, when a profile is checked). */
  readonly after?: CheckDefinition;
  /** The runner's per-check time-out: TCP connect timers stay below it so a drop reads as ETIMEDOUT. */
  readonly checkTimeoutMs?: number;
}

export function networkChecks(target: NetworkTarget, options: NetworkCheckOptions = {}): CheckDefinition[] {
  const checkTimeoutMs = options.checkTimeoutMs ?? DEFAULT_CHECK_TIMEOUT_MS;
  const connectTimeoutMs = Math.min(target.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS, Math.floor(checkTimeoutMs * 0.8));
  const probes = new PortProbeCache(connectTimeoutMs);
  return [
    ...(options.after ? [options.after] : []),
    dnsResolveCheck(target, options.after ? [options.after.id] : []),
    ...portsToProbe(target).map((port) => tcpPortCheck(target, port, probes)),
    tlsHandshakeCheck(target),
    tlsTrustCheck,
    tlsHostnameCheck,
    tlsValidityCheck,
    tlsSignatureCheck,
    ...(target.httpsOnly ? [] : [httpRedirectCheck(target)]),
  ];
}

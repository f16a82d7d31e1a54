/**
 * tcp.<port>: whether the port accepts TCP connections on the resolved addresses, the
 * failure kind when not, and the EX-2 verdict (port-verdict.ts) across 80/443/2610.
 * For a host the profile's proxy carries, a port the direct path misses is tried through
 * the proxy's CONNECT tunnel: open there, the check warns (direct connections are not
 * required) instead of failing; refused there too, it fails with the proxy's code.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { raceSignal } from '../abortable.js';
import { actualPort, type NetworkTarget } from '../network-target.js';
import { tcpCheckId } from '../../../src/checks/check-ids.js';
import type { DnsArtifact } from './dns-resolve.js';
import { partnerPort, portVerdict, roleOfPort } from './port-verdict.js';
import { PORT_STATE_WORDS, type PortProbe, type PortProbeCache } from './tcp-probe.js';
import { isProxied, PROXY_ONLY_CODE, proxyOnlyDetails, type TunnelProbe } from './proxy-path.js';

/** Handed to tls.handshake and http.redirect: where to connect. */
export interface TcpArtifact {
  readonly logicalPort: number;
  readonly probe: PortProbe;
  /** Through the profile's proxy, probed when the direct path missed a proxied host's port. */
  readonly tunnel?: TunnelProbe;
}

interface PortReach {
  readonly direct: PortProbe;
  readonly tunnel?: TunnelProbe;
}

function reachable(reach: PortReach): boolean {
  return reach.direct.state === 'open' || reach.tunnel?.state === 'open';
}

/** True when the port answers directly or through the proxy's tunnel. */
export function portReachable(artifact: TcpArtifact): boolean {
  return reachable({ direct: artifact.probe, ...(artifact.tunnel ? { tunnel: artifact.tunnel } : {}) });
}

/** What the details say about the proxy: nothing without one; the tunnel when it was used. */
function proxyDetails(target: NetworkTarget, own: PortReach): Record<string, unknown> {
  if (!target.proxy) return {};
  if (!isProxied(target)) return { proxy: target.proxy, proxyNote: `${target.host} is in proxy.noProxy: the sync connects directly, as this check does` };
  if (!own.tunnel) return { proxy: target.proxy, proxyNote: `the profile's sync traffic goes through the proxy ${target.proxy}; this check connects directly` };
  const { state, code, elapsedMs } = own.tunnel;
  return { ...proxyOnlyDetails(target), tunnel: { state, ...(code ? { code } : {}), elapsedMs } };
}

const ROLE_WORDS = { http: 'HTTP', https: 'HTTPS', alternativeHttps: 'HTTPS alternative', required: 'required' } as const;

export function tcpPortCheck(target: NetworkTarget, logicalPort: number, probes: PortProbeCache): CheckDefinition {
  const port = actualPort(target, logicalPort);
  const role = roleOfPort(logicalPort, target.requiredPorts ?? []);
  const mapped = port === logicalPort ? '' : ` → ${port}`;
  return {
    id: tcpCheckId(logicalPort),
    title: `TCP ${logicalPort}${mapped} (${ROLE_WORDS[role]})`,
    dependsOn: ['dns.resolve'],
    async run(ctx, signal): Promise<CheckOutcome> {
      const { addresses } = ctx.dependency('dns.resolve').artifact as DnsArtifact;
      const list = addresses.map((a) => a.address);
      const partner = partnerPort(role);
      const proxied = isProxied(target) ? target : undefined;
      // Direct first; the tunnel only for a port the direct path missed (it is what the sync uses).
      const reach = async (p: number): Promise<PortReach> => {
        const direct = await probes.probe(list, p);
        if (direct.state === 'open' || !proxied) return { direct };
        return { direct, tunnel: await probes.tunnel(proxied.proxyRoute, target.host, p) };
      };
      const [own, other] = await raceSignal(
        Promise.all([reach(port), partner === undefined ? Promise.resolve(undefined) : reach(actualPort(target, partner))]),
        signal,
      );
      const rule = portVerdict(role, reachable(own), other === undefined ? undefined : reachable(other));
      const onlyThroughProxy = own.direct.state !== 'open' && own.tunnel?.state === 'open';
      const directWords = list.length === 0 ? 'no address to connect to directly' : PORT_STATE_WORDS[own.direct.state];
      const state = own.direct.state === 'open'
        ? `open on ${own.direct.openAddress}`
        : proxied ? `${directWords} directly; ${own.tunnel?.state === 'open' ? 'open' : `not open (${own.tunnel?.code})`} through the proxy ${proxied.proxy}` : directWords;
      const artifact: TcpArtifact = { logicalPort, probe: own.direct, ...(own.tunnel ? { tunnel: own.tunnel } : {}) };
      const details = {
        host: target.host,
        port,
        ...(port === logicalPort ? {} : { logicalPort }),
        role,
        state: own.direct.state,
        ...(own.direct.code ? { code: own.direct.code } : {}),
        attempts: own.direct.attempts,
        ...(rule.note ? { note: rule.note } : {}),
        ...(rule.noteCode ? { noteCode: rule.noteCode } : {}),
        ...proxyDetails(target, own),
      };
      const summary = rule.note ? `${state}; ${rule.note}` : state;
      if (rule.status === 'fail') {
        const code = own.tunnel?.state === 'failed' ? own.tunnel.code : undefined;
        return { status: 'fail', summary, details, artifact, diagnosis: diagnosisFor(code ?? rule.code ?? own.direct.code ?? 'ETIMEDOUT') };
      }
      if (onlyThroughProxy && rule.status !== 'warn') {
        return { status: 'warn', summary, details, artifact, diagnosis: diagnosisFor(PROXY_ONLY_CODE) };
      }
      if (rule.status === 'pass' || rule.status === 'skip') return { status: rule.status, summary, details, artifact };
      return { status: rule.status, summary, details, artifact, diagnosis: diagnosisFor(rule.code ?? own.direct.code ?? 'ETIMEDOUT') };
    },
  };
}

/**
 * tcp.<port>: whether the port accepts TCP connections on the resolved addresses, the
 * failure kind when not, and the EX-2 verdict (port-verdict.ts) across 80/443/2610.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import { raceSignal } from '../abortable.js';
import { actualPort, type NetworkTarget } from '../network-target.js';
import { tcpCheckId } from '../../../src/checks/check-ids.js';
import type { DnsArtifact } from './dns-resolve.js';
import { partnerPort, portVerdict, roleOfPort } from './port-verdict.js';
import { PORT_STATE_WORDS, type PortProbe, type PortProbeCache } from './tcp-probe.js';

/** Handed to tls.handshake and http.redirect: where to connect. */
export interface TcpArtifact {
  readonly logicalPort: number;
  readonly probe: PortProbe;
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
      const [own, other] = await raceSignal(
        Promise.all([
          probes.probe(list, port),
          partner === undefined ? Promise.resolve(undefined) : probes.probe(list, actualPort(target, partner)),
        ]),
        signal,
      );
      const rule = portVerdict(role, own.state === 'open', other === undefined ? undefined : other.state === 'open');
      const state = own.state === 'open' ? `open on ${own.openAddress}` : PORT_STATE_WORDS[own.state];
      const artifact: TcpArtifact = { logicalPort, probe: own };
      const details = {
        host: target.host,
        port,
        ...(port === logicalPort ? {} : { logicalPort }),
        role,
        state: own.state,
        ...(own.code ? { code: own.code } : {}),
        attempts: own.attempts,
        ...(rule.note ? { note: rule.note } : {}),
        ...(rule.noteCode ? { noteCode: rule.noteCode } : {}),
        ...(target.proxy ? { proxy: target.proxy, proxyNote: `the profile's sync traffic goes through the proxy ${target.proxy}; this check connects directly` } : {}),
      };
      const summary = rule.note ? `${state}; ${rule.note}` : state;
      if (rule.status === 'pass' || rule.status === 'skip') return { status: rule.status, summary, details, artifact };
      return { status: rule.status, summary, details, artifact, diagnosis: diagnosisFor(rule.code ?? own.code ?? 'ETIMEDOUT') };
    },
  };
}

/**
 * dns.resolve: the host's A/AAAA answers and how long they took, with "the name does not
 * exist" (ENOTFOUND) told apart from "the resolver did not answer" (EAI_AGAIN).
 * For a host the profile's proxy carries, the proxy resolves the name, so a local failure
 * only warns and hands on no addresses: the tcp.* checks then go through the tunnel.
 */
import { performance } from 'node:perf_hooks';
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import type { NetworkTarget } from '../network-target.js';
import type { CheckId } from '../../../src/checks/check-ids.js';
import type { ResolvedAddress } from './host-resolver.js';
import { isProxied, PROXY_ONLY_CODE, proxyOnlyDetails } from './proxy-path.js';

/** Handed to the TCP checks: they connect to exactly these addresses. */
export interface DnsArtifact {
  readonly addresses: readonly ResolvedAddress[];
}

const FAILURE_SUMMARY = {
  nxdomain: 'does not exist in DNS (NXDOMAIN)',
  nodata: 'exists in DNS but has no A/AAAA record',
  resolver: 'the resolver gave no answer',
} as const;

export function dnsResolveCheck(target: NetworkTarget, dependsOn: readonly CheckId[] = []): CheckDefinition {
  return {
    id: 'dns.resolve',
    title: `DNS ${target.host}`,
    dependsOn,
    async run(_ctx, signal): Promise<CheckOutcome> {
      const started = performance.now();
      const answer = await target.resolver.resolve(target.host, signal);
      const elapsedMs = Math.round(performance.now() - started);
      if (answer.ok) {
        const a = answer.addresses.filter((x) => x.family === 4).map((x) => x.address);
        const aaaa = answer.addresses.filter((x) => x.family === 6).map((x) => x.address);
        const artifact: DnsArtifact = { addresses: answer.addresses };
        return {
          status: 'pass',
          summary: `${answer.addresses.map((x) => x.address).join(', ')} in ${elapsedMs} ms`,
          details: { host: target.host, a, aaaa, elapsedMs, source: answer.source },
          artifact,
        };
      }
      const details = { host: target.host, failure: answer.kind, error: answer.message, elapsedMs, source: answer.source };
      if (isProxied(target)) {
        const artifact: DnsArtifact = { addresses: [] };
        return {
          status: 'warn',
          summary: `${target.host} ${FAILURE_SUMMARY[answer.kind]} here; the proxy ${target.proxy} resolves it for the sync`,
          details: { ...details, code: answer.code, ...proxyOnlyDetails(target) },
          diagnosis: diagnosisFor(PROXY_ONLY_CODE),
          artifact,
        };
      }
      return { status: 'fail', summary: `${target.host} ${FAILURE_SUMMARY[answer.kind]}`, details, diagnosis: diagnosisFor(answer.code) };
    },
  };
}

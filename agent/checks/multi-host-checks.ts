/**
 * One set of network and TLS checks over several hosts (Exchange Online: the authority
 * host and the Graph host, when they differ). The check ids are a contract, so there is
 * one `dns.resolve`, one `tcp.443`, one `tls.trust`… each running its single-host check
 * for every host at once and reporting them together: the worst status wins (fail > warn
 * > skip > pass), its diagnosis is the check's, and `details.hosts` holds each host's own
 * outcome. Dependants get each host's own artifact back through a per-host context.
 */
import type { CheckStatus } from '../../src/checks/check-report.js';
import type { CheckContext, CheckDefinition, CheckOutcome } from './check-definition.js';

export interface HostChecks {
  readonly host: string;
  readonly definitions: readonly CheckDefinition[];
}

/**
 * The merged artifact: the first host's own (so single-host readers keep working) plus every
 * host's, keyed by the host's position in the run — the authority and Graph may share a host
 * name on different ports, and each must get its own tcp/tls artifact back.
 */
interface HostArtifacts {
  readonly byHost: Readonly<Record<string, unknown>>;
}

const RANK: Readonly<Record<CheckStatus, number>> = { pass: 0, skip: 1, warn: 2, fail: 3 };

function hostContext(ctx: CheckContext, key: string): CheckContext {
  return {
    timeoutMs: ctx.timeoutMs,
    now: () => ctx.now(),
    dependency: (id) => {
      const dep = ctx.dependency(id);
      const merged = dep.artifact as Partial<HostArtifacts> | undefined;
      return merged?.byHost && key in merged.byHost ? { ...dep, artifact: merged.byHost[key] } : dep;
    },
  };
}

export function mergeOutcomes(outcomes: readonly { host: string; key?: string; outcome: CheckOutcome }[]): CheckOutcome {
  const worst = [...outcomes].sort((a, b) => RANK[b.outcome.status] - RANK[a.outcome.status])[0]!;
  const first = outcomes[0]!;
  const byHost = Object.fromEntries(outcomes.map((o) => [o.key ?? o.host, o.outcome.artifact]));
  const artifact = { ...(typeof first.outcome.artifact === 'object' && first.outcome.artifact !== null ? first.outcome.artifact : {}), byHost };
  return {
    status: worst.outcome.status,
    summary: [worst, ...outcomes.filter((o) => o !== worst)].map((o) => `${o.host}: ${o.outcome.summary}`).join(' | '),
    details: { hosts: outcomes.map((o) => ({ host: o.host, status: o.outcome.status, summary: o.outcome.summary, ...o.outcome.details })) },
    ...(worst.outcome.diagnosis ? { diagnosis: worst.outcome.diagnosis } : {}),
    artifact,
  };
}

/** The first host's definitions, each running for every host; ids only one host has are kept as they are. */
export function multiHostChecks(perHost: readonly HostChecks[]): CheckDefinition[] {
  const [first, ...rest] = perHost;
  if (!first) return [];
  if (rest.length === 0) return [...first.definitions];
  return first.definitions.map((definition) => {
    const variants = perHost.map((h, index) => ({ host: h.host, key: String(index), definition: h.definitions.find((d) => d.id === definition.id) }));
    if (definition.dependsOn.length === 0 || variants.some((v) => !v.definition)) return definition;
    return {
      id: definition.id,
      title: definition.title,
      dependsOn: definition.dependsOn,
      async run(ctx, signal): Promise<CheckOutcome> {
        const outcomes = await Promise.all(variants.map(async (v) => ({ host: v.host, key: v.key, outcome: await v.definition!.run(hostContext(ctx, v.key), signal) })));
        return mergeOutcomes(outcomes);
      },
    };
  });
}

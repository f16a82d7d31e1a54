/**
 * Name resolution for dns.resolve, behind one interface so a run can use the system
 * resolver (what the integration itself uses) or a specific DNS server (tests point it at
 * a DNS server of their own on loopback). Both tell "the name does not exist" apart from
 * "the resolver did not answer", because the fixes differ (error-catalog.md §2).
 *
 * Special-use names are answered here without any query (RFC 6761 §6.3, §6.4): `localhost`
 * is loopback and `.invalid` never exists. That is also what keeps tests that use them from
 * sending a packet past loopback, whatever /etc/resolv.conf says.
 */
import dns from 'node:dns';
import net from 'node:net';
import { raceSignal } from '../abortable.js';

export type ResolveFailureKind = 'nxdomain' | 'nodata' | 'resolver';

export interface ResolvedAddress {
  readonly address: string;
  readonly family: 4 | 6;
}

export type ResolveAnswer =
  | { readonly ok: true; readonly addresses: readonly ResolvedAddress[]; readonly source: string }
  | { readonly ok: false; readonly kind: ResolveFailureKind; readonly code: string; readonly message: string; readonly source: string };

export interface HostResolver {
  /** Describes where answers come from, for the report ("system resolver", "DNS 127.0.0.1:5353"). */
  readonly description: string;
  resolve(host: string, signal: AbortSignal): Promise<ResolveAnswer>;
}

/** Canonical code per failure kind: the code getaddrinfo gives in Node (error-catalog.md §2). */
export const RESOLVE_FAILURE_CODE: Readonly<Record<ResolveFailureKind, string>> = {
  nxdomain: 'ENOTFOUND',
  nodata: 'ENODATA',
  resolver: 'EAI_AGAIN',
};

/** Node/c-ares error codes → kind. Anything unlisted counts as a resolver failure. */
const FAILURE_KIND_BY_CODE: Readonly<Record<string, ResolveFailureKind>> = {
  ENOTFOUND: 'nxdomain',
  EAI_NONAME: 'nxdomain',
  ENODATA: 'nodata',
  EAI_NODATA: 'nodata',
  EAI_AGAIN: 'resolver',
  ESERVFAIL: 'resolver',
  ETIMEOUT: 'resolver',
  ECONNREFUSED: 'resolver',
  EREFUSED: 'resolver',
  ECANCELLED: 'resolver',
};

export function failureKindOf(code: string | undefined): ResolveFailureKind {
  return (code && FAILURE_KIND_BY_CODE[code]) || 'resolver';
}

/** RFC 6761 names, answered without a query; undefined for every other name. */
export function specialUseAnswer(host: string): ResolveAnswer | undefined {
  const name = host.toLowerCase().replace(/\.$/, '');
  if (name === 'localhost' || name.endsWith('.localhost')) {
    return {
      ok: true,
      addresses: [{ address: '127.0.0.1', family: 4 }, { address: '::1', family: 6 }],
      source: 'RFC 6761 special-use name (no query sent)',
    };
  }
  if (name === 'invalid' || name.endsWith('.invalid')) {
    return { ok: false, kind: 'nxdomain', code: 'ENOTFOUND', message: `${host} is under .invalid, which never exists`, source: 'RFC 6761 special-use name (no query sent)' };
  }
  return undefined;
}

function errorCode(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'code' in error ? String((error as { code: unknown }).code) : undefined;
}

function failure(error: unknown, source: string): ResolveAnswer {
  const code = errorCode(error);
  const kind = failureKindOf(code);
  return { ok: false, kind, code: RESOLVE_FAILURE_CODE[kind], message: `${code ?? 'error'}: ${error instanceof Error ? error.message : String(error)}`, source };
}

function literalAnswer(host: string): ResolveAnswer | undefined {
  const family = net.isIP(host);
  return family === 4 || family === 6 ? { ok: true, addresses: [{ address: host, family }], source: 'IP literal (no query sent)' } : undefined;
}

/** getaddrinfo, as every Node HTTP client of the integration resolves (honours /etc/hosts and nsswitch). */
export function systemResolver(): HostResolver {
  const source = 'system resolver (getaddrinfo)';
  return {
    description: source,
    async resolve(host, signal) {
      const known = literalAnswer(host) ?? specialUseAnswer(host);
      if (known) return known;
      try {
        // dns.lookup cannot be cancelled; racing the signal lets the check end on time.
        const found = await raceSignal(dns.promises.lookup(host, { all: true, verbatim: true }), signal);
        return { ok: true, addresses: found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 })), source };
      } catch (error) {
        return failure(error, source);
      }
    },
  };
}

/** Queries the given DNS servers (`ip` or `ip:port`) directly for A and AAAA records. */
export function dnsServerResolver(servers: readonly string[], options: { timeoutMs?: number } = {}): HostResolver {
  const description = `DNS ${servers.join(', ')}`;
  return {
    description,
    async resolve(host, signal) {
      const known = literalAnswer(host) ?? specialUseAnswer(host);
      if (known) return known;
      const resolver = new dns.promises.Resolver({ timeout: options.timeoutMs ?? 2_000, tries: 1 });
      resolver.setServers([...servers]);
      const onAbort = (): void => resolver.cancel();
      signal.addEventListener('abort', onAbort, { once: true });
      try {
        const [v4, v6] = await Promise.allSettled([resolver.resolve4(host), resolver.resolve6(host)]);
        const addresses: ResolvedAddress[] = [
          ...(v4.status === 'fulfilled' ? v4.value.map((address) => ({ address, family: 4 as const })) : []),
          ...(v6.status === 'fulfilled' ? v6.value.map((address) => ({ address, family: 6 as const })) : []),
        ];
        if (addresses.length > 0) return { ok: true, addresses, source: description };
        // Both failed or were empty: the more informative failure wins (NXDOMAIN / resolver over NODATA).
        const reasons = [v4, v6].flatMap((r) => (r.status === 'rejected' ? [r.reason as unknown] : []));
        const worst = reasons.find((r) => failureKindOf(errorCode(r)) !== 'nodata') ?? reasons[0];
        return worst === undefined
          ? { ok: false, kind: 'nodata', code: 'ENODATA', message: `${host} has no A or AAAA record`, source: description }
          : failure(worst, description);
      } finally {
        signal.removeEventListener('abort', onAbort);
      }
    },
  };
}

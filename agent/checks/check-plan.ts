/**
 * Turns what the operator asked for — a saved on-premises profile or an ad-hoc `--server`,
 * with `--https-port`, `--ports` and a CA file — into the check definitions of one run and
 * the `target` its report names. Used by `mailbridge check` in-process and by the agent's
 * `checks.run`, so both run exactly the same graph.
 */
import { OperatorError } from '../../src/errors/operator-error.js';
import type { CheckTarget } from '../../src/checks/check-report.js';
import type { OnlineProfile } from '../../src/profiles/online-profile-schema.js';
import { isOnpremProfile, type Profile } from '../../src/profiles/profile-schema.js';
import type { CheckDefinition } from './check-definition.js';
import { adHocCredentials, memoizedSource, profileCredentials, type CredentialSource, type SecretReader } from './exchange/exchange-credentials.js';
import { ewsPathOf, type ExchangeCheckTarget } from './exchange/exchange-target.js';
import { exchangeChecks } from './exchange/onprem-exchange-checks.js';
import { STANDARD_PORTS, type CaFile, type NetworkTarget } from './network-target.js';
import { systemResolver, type HostResolver } from './network/host-resolver.js';
import { networkChecks } from './onprem-network-checks.js';
import { profileValidCheck } from './profile-valid.js';
import { multiHostChecks } from './multi-host-checks.js';
import { onlineChecks } from './online/online-checks.js';
import { onlineTarget } from './online/online-target.js';
import { readProxyUrl } from '../../src/profiles/proxy-url.js';
import { proxySourceFor, type ProxySource } from '../connectors/transport/proxy-route.js';

/** The profile's proxy as reports may show it (host and port only), when its URL is usable. */
function proxyShown(profile: Profile | undefined): { proxy: string } | Record<string, never> {
  const reading = profile?.proxy ? readProxyUrl(profile.proxy.url) : undefined;
  if (!reading?.ok) return {};
  const { host, port } = reading.endpoint;
  return { proxy: `http://${host.includes(':') ? `[${host}]` : host}:${port}` };
}

/**
 * The profile's proxy for a run (issue #7): shown in the tcp.* details, and the route the
 * HTTP checks (ews/owa/eas, autodiscover, auth.*, entra.*, graph.*) take, as the sync does.
 * For a host the proxy carries, the TLS probe tunnels too and dns/tcp failures only warn
 * (network/proxy-path.ts).
 */
function proxyOf(profile: Profile | undefined, secrets: SecretReader | undefined): { proxy?: string; proxyRoute?: ProxySource; proxyNoProxy?: readonly string[] } {
  const route = profile ? proxySourceFor(profile, secrets) : undefined;
  return { ...proxyShown(profile), ...(route ? { proxyRoute: route, proxyNoProxy: profile?.proxy?.noProxy ?? [] } : {}) };
}

export interface CheckRequest {
  /** A saved profile (parsed); its own rules run first as profile.valid. */
  readonly profile?: Profile;
  /** The other saved profiles, for the cross-profile rules (MEM-3). */
  readonly otherProfiles?: readonly Profile[];
  /** An ad-hoc server instead of a profile. */
  readonly server?: string;
  /** Maps the HTTPS role (443) onto another port. */
  readonly httpsPort?: number;
  /** Ports named explicitly; each is required. */
  readonly ports?: readonly number[];
  /** The CA file's content (from --ca-file or the profile's tls.caFile), read by the caller. */
  readonly caFile?: CaFile;
  readonly resolver?: HostResolver;
  /** The runner's per-check time-out. */
  readonly timeoutMs?: number;
  /** Where a saved profile's secrets are read (the agent's store, or the CLI's when no agent runs). */
  readonly secrets?: SecretReader;
  /** Ad-hoc sync account (`--user`) and its password (read by the CLI from stdin or MAILBRIDGE_PASSWORD). */
  readonly user?: string;
  readonly password?: string;
  /** How many enabled mailboxes auth.impersonation tries (default 5). */
  readonly impersonationSample?: number;
}

export interface CheckPlan {
  readonly definitions: CheckDefinition[];
  readonly target: CheckTarget;
}

export function checkPlan(request: CheckRequest): CheckPlan {
  const profile = request.profile;
  if (profile && !isOnpremProfile(profile)) return onlinePlan(profile, request);
  const host = profile?.server ?? request.server;
  if (!host) {
    throw new OperatorError({
      code: 'MB_CHECK_NO_TARGET',
      family: 'config',
      message: 'nothing to check: give a profile name or --server HOST',
      cause: 'mailbridge check needs a saved profile or an ad-hoc server.',
      fix: ['Run `mailbridge check PROFILE`, or `mailbridge check --server mail.example.com`.', 'List profiles with `mailbridge profile list`.'],
      field: 'server',
      exitCode: 2,
    });
  }
  const portMap: Record<number, number> = profile
    ? { [STANDARD_PORTS.http]: profile.ports.http, [STANDARD_PORTS.https]: profile.ports.https, [STANDARD_PORTS.alternativeHttps]: profile.ports.alternate }
    : {};
  if (request.httpsPort !== undefined) portMap[STANDARD_PORTS.https] = request.httpsPort;
  const target: NetworkTarget = {
    host,
    portMap,
    requiredPorts: request.ports ?? [],
    resolver: request.resolver ?? systemResolver(),
    ...(request.caFile ? { caFile: request.caFile } : {}),
    ...(profile ? { systemTrustStore: profile.tls.systemTrustStore } : {}),
    ...proxyOf(profile, request.secrets),
  };
  const after = profile ? profileValidCheck(profile, request.otherProfiles ?? []) : undefined;
  const credentials: CredentialSource = memoizedSource(profile && isOnpremProfile(profile) && request.user === undefined
    ? profileCredentials(profile, request.secrets)
    : adHocCredentials(request.user, request.password));
  const exchange: ExchangeCheckTarget = {
    host,
    ewsPath: ewsPathOf(profile?.virtualDirectory ?? ''),
    credentials,
    mode: profile?.credentials.mode ?? 'impersonation',
    mailboxes: profile ? profile.staff.filter((s) => s.enabled).map((s) => s.user) : request.user?.includes('@') ? [request.user] : [],
    ...(request.impersonationSample !== undefined ? { impersonationSample: request.impersonationSample } : {}),
  };
  const definitions = [
    ...networkChecks(target, { ...(after ? { after } : {}), ...(request.timeoutMs ? { checkTimeoutMs: request.timeoutMs } : {}) }),
    ...exchangeChecks(exchange),
  ];
  const ports = Object.fromEntries(Object.values(STANDARD_PORTS).map((p) => [String(p), portMap[p] ?? p]));
  return {
    definitions,
    target: {
      ...(profile ? { profile: profile.name, kind: 'onprem' as const } : {}),
      server: host,
      ports,
      ...(request.ports?.length ? { requiredPorts: [...request.ports] } : {}),
      ...(request.caFile ? { caFile: request.caFile.path } : {}),
    },
  };
}

/**
 * An Exchange Online profile: the network and TLS checks against the authority host and,
 * when it differs, the Graph host (HTTPS on 443 only; one check per id covering both, see
 * multi-host-checks.ts), then the Entra token, its roles, and the mailboxes through Graph.
 */
function onlinePlan(profile: OnlineProfile, request: CheckRequest): CheckPlan {
  const online = onlineTarget(profile, request.secrets);
  const authority = new URL(online.authorityOrigin);
  const host = authority.hostname.replace(/^\[|\]$/g, '');
  const port = authority.port === '' ? STANDARD_PORTS.https : Number(authority.port);
  const target: NetworkTarget = {
    host,
    portMap: { [STANDARD_PORTS.https]: port },
    requiredPorts: [],
    resolver: request.resolver ?? systemResolver(),
    httpsOnly: true,
    ...(request.caFile ? { caFile: request.caFile } : {}),
    systemTrustStore: profile.tls.systemTrustStore,
    ...proxyOf(profile, request.secrets),
  };
  const after = profileValidCheck(profile, request.otherProfiles ?? []);
  const options = { after, ...(request.timeoutMs ? { checkTimeoutMs: request.timeoutMs } : {}) };
  // The Graph host gets the same network and TLS checks when it is not the authority's host and port.
  const graph = new URL(online.graphRoot);
  const graphHost = graph.hostname.replace(/^\[|\]$/g, '');
  const graphPort = graph.port === '' ? STANDARD_PORTS.https : Number(graph.port);
  const separateGraph = graphHost !== host || graphPort !== port;
  const hosts = [
    { host, definitions: networkChecks(target, options) },
    ...(separateGraph ? [{ host: graphHost, definitions: networkChecks({ ...target, host: graphHost, portMap: { [STANDARD_PORTS.https]: graphPort } }, options) }] : []),
  ];
  const definitions = [...multiHostChecks(hosts), ...onlineChecks(online)];
  return {
    definitions,
    target: {
      profile: profile.name,
      kind: 'online' as const,
      server: host,
      ports: { [String(STANDARD_PORTS.https)]: port },
      authority: online.authorityOrigin,
      graph: online.graphRoot,
      ...(separateGraph ? { graphServer: graphHost, graphPort } : {}),
      ...(request.caFile ? { caFile: request.caFile.path } : {}),
    },
  };
}

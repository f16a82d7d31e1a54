/**
 * Builds an EwsConnector from a saved on-premises profile and the secret store: the EWS
 * URL from server, HTTPS port and virtual directory (EX-2, EX-7), the Exchange version, the
 * profile's TLS trust (EX-3), and the credentials (EX-4, EX-5, EX-10, MEM-4) whose secret
 * values come from SecretStore.get only.
 */
import ews from 'ews-javascript-api';
import type { SecretStore } from '../../secrets/secret-store.js';
import type { OnpremProfile } from '../../../src/profiles/onprem-profile-schema.js';
import { loadClientCertificate, loadTrustedCas, type ConnectorTlsOptions } from '../transport/profile-trust.js';
import { EwsConnector, type EwsConnectorOptions } from './ews-connector.js';
import type { EwsHttpAuth } from './profile-xhr-api.js';
import { requireSecret } from '../require-secret.js';
import { loadProxyRoute } from '../transport/proxy-route.js';

const DEFAULT_EWS_PATH = '/EWS/Exchange.asmx';

/** Exchange versions the library speaks; later servers answer the 2016 schema. */
const VERSION_OF: Record<OnpremProfile['exchangeVersion'], ews.ExchangeVersion> = {
  auto: ews.ExchangeVersion.Exchange2016,
  Exchange2013: ews.ExchangeVersion.Exchange2013_SP1,
  Exchange2016: ews.ExchangeVersion.Exchange2016,
  Exchange2019: ews.ExchangeVersion.Exchange2016,
  ExchangeSE: ews.ExchangeVersion.Exchange2016,
};

export function ewsUrlOf(profile: Pick<OnpremProfile, 'server' | 'ports' | 'virtualDirectory'>, port = profile.ports.https): string {
  const vdir = profile.virtualDirectory.trim();
  const path = vdir === '' ? DEFAULT_EWS_PATH : /\.asmx$/i.test(vdir) ? vdir : `${vdir.replace(/\/+$/, '')}/Exchange.asmx`;
  return `https://${profile.server}${port === 443 ? '' : `:${port}`}${path.startsWith('/') ? path : `/${path}`}`;
}

export interface EwsConnectorOverrides {
  /** Use the TCP 2610 alternative port instead of HTTPS 443 (EX-2). */
  useAlternatePort?: boolean;
  maxConnections?: number;
  timeoutMs?: number;
  calendarViewMaxEntries?: number;
}

export async function createEwsConnector(profile: OnpremProfile, secrets: SecretStore, overrides: EwsConnectorOverrides = {}): Promise<EwsConnector> {
  const ca = await loadTrustedCas(profile.tls);
  const proxy = await loadProxyRoute(profile, secrets);
  const tls: ConnectorTlsOptions = { ...(ca ? { ca } : {}), ...(proxy ? { proxy } : {}) };
  const creds = profile.credentials;
  let auth: EwsHttpAuth;
  if (creds.kind === 'password') {
    const password = await requireSecret(secrets, profile.name, creds.password.secret, 'sync account password');
    auth = { kind: creds.authMethod, user: creds.user, domain: creds.domain, password };
  } else {
    const key = await requireSecret(secrets, profile.name, creds.privateKey.secret, 'client certificate private key');
    Object.assign(tls, await loadClientCertificate(creds.certificateFile, key));
    auth = { kind: 'certificate' };
  }
  const options: EwsConnectorOptions = {
    profile: profile.name,
    ewsUrl: ewsUrlOf(profile, overrides.useAlternatePort ? profile.ports.alternate : profile.ports.https),
    version: VERSION_OF[profile.exchangeVersion],
    tls, auth,
    impersonation: creds.mode === 'impersonation',
    staff: profile.staff.filter((s) => s.enabled).map((s) => ({ address: s.user, role: 'staff' as const, ...(s.displayName ? { displayName: s.displayName } : {}) })),
    shared: profile.sharedMailboxes.map((address) => ({ address, role: 'shared' as const })),
    ...(overrides.maxConnections !== undefined ? { maxConnections: overrides.maxConnections } : {}),
    ...(overrides.timeoutMs !== undefined ? { timeoutMs: overrides.timeoutMs } : {}),
    ...(overrides.calendarViewMaxEntries !== undefined ? { calendarViewMaxEntries: overrides.calendarViewMaxEntries } : {}),
  };
  return new EwsConnector(options);
}

/**
 * What the Exchange HTTP checks of one run need beyond the network target: the EWS path
 * (the profile's virtual directory), the credentials source, the mailboxes to test
 * impersonation on, the address Autodiscover looks up, and whether the host is Exchange
 * Online (Basic warns there, EX-5). Plus the TLS gate: every check that talks HTTP depends
 * on all tls.* checks, so no request — and no credential — goes to a server whose
 * certificate checks failed.
 */
import type { CheckId } from '../../../src/checks/check-ids.js';
import type { CheckContext } from '../check-definition.js';
import type { TlsArtifact } from '../tls/tls-handshake.js';
import type { CredentialSource } from './exchange-credentials.js';
import type { ExchangeEndpoint } from './exchange-http.js';

export const DEFAULT_EWS_PATH = '/EWS/Exchange.asmx';

/** Impersonation is tried on at most this many enabled mailboxes unless the run says otherwise. */
export const DEFAULT_IMPERSONATION_SAMPLE = 5;

export const TLS_GATE: readonly CheckId[] = ['tls.handshake', 'tls.trust', 'tls.hostname', 'tls.validity', 'tls.signature'];

export interface ExchangeCheckTarget {
  readonly host: string;
  /** The EWS path, e.g. /EWS/Exchange.asmx (from the profile's virtualDirectory). */
  readonly ewsPath: string;
  readonly credentials: CredentialSource;
  /** EX-10: impersonation (the sync account acts for every mailbox) or perUser. */
  readonly mode: 'impersonation' | 'perUser';
  /** Enabled staff mailboxes (primary SMTP addresses). */
  readonly mailboxes: readonly string[];
  /** How many mailboxes auth.impersonation tries (a sample of a long list). */
  readonly impersonationSample?: number;
}

/** The profile's virtualDirectory → the EWS path, as the connector builds its URL. */
export function ewsPathOf(virtualDirectory: string): string {
  const vdir = virtualDirectory.trim();
  const path = vdir === '' ? DEFAULT_EWS_PATH : /\.asmx$/i.test(vdir) ? vdir : `${vdir.replace(/\/+$/, '')}/Exchange.asmx`;
  return path.startsWith('/') ? path : `/${path}`;
}

/** Exchange Online's EWS host names: Basic there warns (EX-5), and EWS itself is being retired. */
export function isExchangeOnlineHost(host: string): boolean {
  return /(^|\.)outlook\.office365\.com$|(^|\.)outlook\.office\.com$/i.test(host);
}

/** Where to connect: the host and the HTTPS port tls.handshake used, with its trust anchors. */
export function endpointFrom(ctx: CheckContext): ExchangeEndpoint {
  const tls = ctx.dependency('tls.handshake').artifact as TlsArtifact;
  return { host: tls.host, port: tls.port, ca: tls.anchors.connectCa, ...(tls.proxy ? { proxy: tls.proxy } : {}) };
}

/**
 * The Autodiscover candidate URLs for a mailbox address, in the documented order
 * (diagnostics.md §2.2, MS-OXDSCLI): the configured server itself (what a domain-joined
 * client gets from the SCP), then https://<domain>/…, https://autodiscover.<domain>/…, and
 * the unauthenticated HTTP redirect on http://autodiscover.<domain>/…. Pure: the check
 * tries them in turn and stops at the first that answers.
 */
export const AUTODISCOVER_PATH = '/autodiscover/autodiscover.xml';

export interface AutodiscoverCandidate {
  /** How the client finds it (as the reference tools name the methods). */
  readonly method: 'configured server' | 'domain root' | 'autodiscover host' | 'HTTP redirect';
  readonly host: string;
  readonly port: number;
  readonly secure: boolean;
  readonly url: string;
}

function url(secure: boolean, host: string, port: number): string {
  const standard = secure ? 443 : 80;
  return `${secure ? 'https' : 'http'}://${host}${port === standard ? '' : `:${port}`}${AUTODISCOVER_PATH}`;
}

/** `server`/`httpsPort`/`httpPort` are the profile's (mapped) ones; the domain is the address's. */
export function autodiscoverCandidates(address: string, server: { host: string; httpsPort: number }): AutodiscoverCandidate[] {
  const domain = address.slice(address.lastIndexOf('@') + 1).toLowerCase();
  const list: AutodiscoverCandidate[] = [
    { method: 'configured server', host: server.host, port: server.httpsPort, secure: true, url: url(true, server.host, server.httpsPort) },
    { method: 'domain root', host: domain, port: 443, secure: true, url: url(true, domain, 443) },
    { method: 'autodiscover host', host: `autodiscover.${domain}`, port: 443, secure: true, url: url(true, `autodiscover.${domain}`, 443) },
    { method: 'HTTP redirect', host: `autodiscover.${domain}`, port: 80, secure: false, url: url(false, `autodiscover.${domain}`, 80) },
  ];
  const seen = new Set<string>();
  return list.filter((c) => (seen.has(c.url) ? false : (seen.add(c.url), true)));
}

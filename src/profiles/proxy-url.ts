/**
 * Pure reading of a profile's proxy settings, shared by the validation rules (what is
 * wrong, for the operator) and the agent's transport (where to tunnel, and which hosts
 * bypass the proxy) so both read a proxy URL exactly alike. No I/O.
 */
import { isIP } from 'node:net';
import { isHostName } from './host-names.js';

/** What makes a proxy URL unusable; each maps to one rule in profile-rules-proxy.ts. */
export type ProxyUrlProblem = 'unparseable' | 'scheme' | 'credentials' | 'host' | 'port' | 'path';

export interface ProxyEndpoint {
  /** Host name or IP address (IPv6 without brackets). */
  host: string;
  port: number;
}

export type ProxyUrlReading = { ok: true; endpoint: ProxyEndpoint } | { ok: false; problems: ProxyUrlProblem[]; scheme?: string };

/** Order matters for readability only: every problem found is reported. */
export function readProxyUrl(raw: string): ProxyUrlReading {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, problems: ['unparseable'] };
  }
  const problems: ProxyUrlProblem[] = [];
  const scheme = url.protocol.replace(/:$/, '');
  if (scheme !== 'http') problems.push('scheme');
  if (url.username !== '' || url.password !== '') problems.push('credentials');
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (host === '' || (isIP(host) === 0 && !isHostName(host))) problems.push('host');
  // new URL drops a port equal to the scheme's default (http://p:80 → ''), so read it from the text too.
  const explicitPort = url.port !== '' ? Number(url.port) : /^[a-z]+:\/\/[^/?#]*:(\d+)(?:[/?#]|$)/i.exec(raw.trim())?.[1];
  if (explicitPort === undefined) problems.push('port');
  if ((url.pathname !== '/' && url.pathname !== '') || url.search !== '' || url.hash !== '') problems.push('path');
  if (problems.length > 0) return { ok: false, problems, scheme };
  return { ok: true, endpoint: { host, port: Number(explicitPort) } };
}

/** A noProxy entry: `*`, a host name, `.domain` or `*.domain` (the domain and every host below), or an IP address. */
export function isNoProxyEntry(entry: string): boolean {
  const e = entry.trim();
  if (e === '*') return true;
  if (isIP(e) !== 0) return true;
  const domain = e.replace(/^\*?\./, '');
  return isHostName(domain);
}

/** True when connections to `host` bypass the proxy. Host names compare case-insensitively, without a trailing dot. */
export function bypassesProxy(host: string, noProxy: readonly string[]): boolean {
  const h = host.trim().toLowerCase().replace(/\.$/, '').replace(/^\[|\]$/g, '');
  return noProxy.some((raw) => {
    const e = raw.trim().toLowerCase().replace(/\.$/, '');
    if (e === '*') return true;
    if (e.startsWith('.') || e.startsWith('*.')) {
      const domain = e.replace(/^\*?\./, '');
      return h === domain || h.endsWith(`.${domain}`);
    }
    return h === e;
  });
}

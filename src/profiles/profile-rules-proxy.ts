/**
 * Validation rules of the outbound proxy (issue #7), one row per way a proxy setting can be
 * unusable, run for on-premises and online profiles alike. Only http:// proxies are
 * supported: HTTPS to Exchange and Microsoft 365 travels through them in a CONNECT tunnel,
 * with TLS end to end (the profile's CA and client certificate still apply). A profile
 * without `proxy` passes every rule.
 */
import type { ProfileRule, RuleHit } from './profile-issue.js';
import type { Profile } from './profile-schema.js';
import { isNoProxyEntry, readProxyUrl, type ProxyUrlProblem } from './proxy-url.js';

const q = (value: unknown): string => JSON.stringify(value);

/** Outbound connections to the customer's server and to Microsoft 365: EX-2 is the rule about them. */
const PROXY_RULE_ID = 'EX-2';

function urlHits(problem: ProxyUrlProblem, withValue = true) {
  return (p: Profile): RuleHit[] => {
    if (!p.proxy) return [];
    const reading = readProxyUrl(p.proxy.url);
    if (reading.ok || !reading.problems.includes(problem)) return [];
    // A URL with credentials in it is never echoed: it holds a password.
    return [{ path: 'proxy.url', detail: withValue ? { value: p.proxy.url, scheme: reading.scheme ?? '' } : {} }];
  };
}

export const PROXY_RULES: readonly ProfileRule<Profile>[] = [
  {
    code: 'MB_PROXY_URL_INVALID',
    rule: PROXY_RULE_ID,
    severity: 'error',
    path: 'proxy.url',
    test: urlHits('unparseable'),
    problem: (h) => `${q(h.detail?.value)} is not a URL`,
    fix: 'write the proxy as http://HOST:PORT, e.g. http://proxy.example.com:3128',
  },
  {
    code: 'MB_PROXY_SCHEME_UNSUPPORTED',
    rule: PROXY_RULE_ID,
    severity: 'error',
    path: 'proxy.url',
    test: urlHits('scheme'),
    problem: (h) => `${q(h.detail?.value)} uses ${q(`${h.detail?.scheme}://`)}; only http:// proxies are supported (HTTPS to the server is tunnelled through them with CONNECT, TLS end to end)`,
    fix: 'write the proxy URL with http:// — most proxies (Squid on 3128, others on 8080) speak plain HTTP to the client even for https:// targets; SOCKS and TLS-to-the-proxy are not supported',
  },
  {
    code: 'MB_PROXY_URL_HAS_CREDENTIALS',
    rule: 'AG-5',
    severity: 'error',
    path: 'proxy.url',
    test: urlHits('credentials', false),
    problem: () => 'carries a user name or password, and secrets never go into profile files',
    fix: 'remove USER:PASSWORD@ from the URL, set proxy.user, and store the password with `mailbridge secrets set PROFILE proxyPassword --stdin`',
  },
  {
    code: 'MB_PROXY_HOST_INVALID',
    rule: PROXY_RULE_ID,
    severity: 'error',
    path: 'proxy.url',
    test: urlHits('host'),
    problem: (h) => `${q(h.detail?.value)} names no usable proxy host`,
    fix: 'write the proxy\'s host name or IP address, e.g. http://proxy.example.com:3128',
  },
  {
    code: 'MB_PROXY_PORT_MISSING',
    rule: PROXY_RULE_ID,
    severity: 'error',
    path: 'proxy.url',
    test: urlHits('port'),
    problem: (h) => `${q(h.detail?.value)} has no port`,
    fix: 'add the proxy\'s port explicitly, e.g. http://proxy.example.com:3128 (proxies rarely listen on 80)',
  },
  {
    code: 'MB_PROXY_URL_HAS_PATH',
    rule: PROXY_RULE_ID,
    severity: 'error',
    path: 'proxy.url',
    test: urlHits('path'),
    problem: (h) => `${q(h.detail?.value)} has a path, query or fragment; a proxy is only a host and a port`,
    fix: 'write just http://HOST:PORT (a PAC file URL is not a proxy: read the proxy it names)',
  },
  {
    code: 'MB_NO_PROXY_ENTRY_INVALID',
    rule: PROXY_RULE_ID,
    severity: 'error',
    path: 'proxy.noProxy',
    test: (p) => (p.proxy?.noProxy ?? []).flatMap((entry, i) => (isNoProxyEntry(entry) ? [] : [{ path: `proxy.noProxy[${i}]`, detail: { value: entry } }])),
    problem: (h) => `${q(h.detail?.value)} is not a host pattern`,
    fix: 'list host names (mail.example.com), domains (.example.com covers the domain and every host below it), IP addresses, or * for all',
  },
  {
    code: 'MB_PROXY_USER_REQUIRED',
    rule: PROXY_RULE_ID,
    severity: 'error',
    path: 'proxy.user',
    test: (p) => (p.proxy && p.proxy.password !== undefined && !p.proxy.user?.trim() ? [{ path: 'proxy.user' }] : []),
    problem: () => 'is empty, but proxy.password names a secret; proxy authentication needs both',
    fix: 'set proxy.user to the proxy account, or remove proxy.password when the proxy needs no sign-in',
  },
];

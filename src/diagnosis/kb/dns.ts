/**
 * Name-resolution failures as Node.js reports them (`getaddrinfo`, `dns` module) and
 * MSAL's failure to fetch authority metadata (error-catalog.md §2).
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const DNS_ENTRIES: KbEntry[] = [
  {
    code: 'ENOTFOUND', family: 'dns', title: 'Host name does not exist in DNS',
    cause: 'DNS answered that the host name does not exist (or has no address) for the resolver this machine uses.',
    likelyCauses: [
      'A typo in the server name or EWS URL.',
      'An internal-only name (ex01.corp.local) used from a host outside the corporate DNS (a container, a cloud VM).',
      'Split-horizon DNS: the agent resolves against public DNS.',
      'The autodiscover.<domain> record is missing (during Autodiscover).',
    ],
    fix: [
      'Resolve the name on the agent host itself (and inside its container): getent hosts <host> or dig <host>.',
      'Correct the server name in the profile; for Exchange Online use outlook.office365.com / graph.microsoft.com.',
      'If the name is internal, point the host or container at the internal resolver (/etc/resolv.conf, Docker --dns).',
    ],
    patterns: { phrases: ['getaddrinfo ENOTFOUND', 'Name or service not known', 'nodename nor servname provided'] },
    docs: [DOCS.nodeSystemErrors, DOCS.nodeDnsErrors, DOCS.rcaDnsResolve], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'EAI_AGAIN', family: 'dns', title: 'DNS lookup timed out (temporary failure)',
    cause: 'The resolver did not answer in time or answered SERVFAIL: DNS is unreachable or broken from this host, not necessarily the name.',
    likelyCauses: [
      'No working DNS server from the agent (VPN down, container DNS broken, resolver unreachable).',
      'Corporate DNS does not resolve external names such as graph.microsoft.com or login.microsoftonline.com.',
      'A transient DNS outage.',
      'A proxy-only network where direct DNS is not allowed.',
    ],
    fix: [
      'Test on the agent host: getent hosts <host>; check /etc/resolv.conf and the container network.',
      'Retry later if it was transient; mailbridge backs off on its own.',
      'On a proxy-only network, configure the proxy for the agent.',
    ],
    patterns: { phrases: ['getaddrinfo EAI_AGAIN', 'Temporary failure in name resolution'] },
    docs: [DOCS.nodeDnsErrors, DOCS.nodeSystemErrors], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ESERVFAIL', family: 'dns', title: 'DNS server failure',
    cause: 'The DNS server returned a general failure (SERVFAIL) for the query, often a broken delegation or DNSSEC problem in the zone.',
    fix: [
      'Query the name against another resolver: dig @<other-resolver> <host>.',
      'Ask the DNS administrator to check the zone delegation (NS/SOA) for the domain.',
    ],
    patterns: { aliases: ['SERVFAIL'] },
    docs: [DOCS.nodeDnsErrors], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ENODATA', family: 'dns', title: 'DNS name exists but has no record of that type',
    cause: 'The name exists in DNS but has no record of the type asked for (for example no A record, or no _autodiscover._tcp SRV record).',
    fix: [
      'Check which records exist: dig <host> A, dig <host> AAAA, dig _autodiscover._tcp.<domain> SRV.',
      'Add the missing record, or set the EWS URL explicitly in the profile instead of relying on Autodiscover.',
    ],
    patterns: {},
    docs: [DOCS.nodeDnsErrors], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'EAI_FAIL', family: 'dns', title: 'DNS lookup failed permanently',
    cause: 'The resolver reported a non-recoverable failure for the name.',
    fix: [
      'Test resolution on the agent host (getent hosts <host>) and against another resolver.',
      'Check the resolver configuration (/etc/resolv.conf, nsswitch.conf) of the agent host.',
    ],
    patterns: {},
    docs: [DOCS.nodeDnsErrors], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'endpoints_resolution_error', family: 'dns', title: 'MSAL could not reach the Entra authority',
    cause: 'MSAL could not download the sign-in metadata from the authority (login.microsoftonline.com): the network path is blocked or the authority URL is malformed.',
    likelyCauses: [
      'DNS, a proxy or a firewall blocks login.microsoftonline.com from the agent host.',
      'A malformed authority URL in the profile.',
    ],
    fix: [
      'From the agent host: curl -v https://login.microsoftonline.com/<tenantId>/v2.0/.well-known/openid-configuration must return JSON.',
      'Allow outbound 443 to the Microsoft 365 identity endpoints.',
      'The authority must be exactly https://login.microsoftonline.com/<tenantId> (or your national cloud).',
    ],
    patterns: { phrases: ['Endpoints cannot be resolved'] },
    docs: [DOCS.m365Endpoints, DOCS.entraClientCredentials], rules: ['AG-2'], basis: 'inference', specificity: 85,
  },
];

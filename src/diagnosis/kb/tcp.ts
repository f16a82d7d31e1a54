/**
 * Socket-level failures: Node's system error codes, undici's codes under `fetch failed`,
 * and Node 20's happy-eyeballs AggregateError (error-catalog.md §2, rules 7 and 9).
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

const PORT_TEST = 'Test the port from the agent host: nc -vz <host> 443 (or `mailbridge check <profile>`, which tests 80, 443 and 2610, EX-2).';

export const TCP_ENTRIES: KbEntry[] = [
  {
    code: 'ECONNREFUSED', family: 'tcp', title: 'Connection refused',
    cause: 'The host answered the connection attempt with a reset: nothing listens on that address and port, or a firewall actively rejects it.',
    likelyCauses: [
      'Wrong port (80, 25 or 587 instead of 443; or 2610 not enabled).',
      'IIS / the Exchange front end is stopped or not bound to that IP address.',
      'A local firewall rejects the connection.',
      'The configured proxy is not running.',
      'localhost resolves to ::1 while the service listens only on IPv4.',
    ],
    fix: [
      PORT_TEST,
      'On the Exchange server check that IIS runs and that the Default Web Site has an https binding on 443 (IIS Manager > Bindings).',
      'Correct the port or the proxy setting in the profile.',
    ],
    patterns: { phrases: ['connection refused'] },
    docs: [DOCS.nodeSystemErrors, DOCS.rcaNetworkError], rules: ['EX-2', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ETIMEDOUT', family: 'tcp', title: 'Connection timed out',
    cause: 'No answer came back in time: the connection attempt (or the data on an open connection) was silently dropped somewhere on the path.',
    likelyCauses: [
      'A firewall or security group silently drops outbound 443 (to Microsoft 365 or to Exchange).',
      'A broken IPv6 route: the name resolves to an AAAA address but the host has no IPv6 egress.',
      'A proxy is required on this network but not configured.',
      'The server is overloaded (long EWS calls).',
    ],
    fix: [
      PORT_TEST,
      'Test IPv4 and IPv6 separately: curl -4 -v https://<host>/ and curl -6 -v https://<host>/. If only IPv6 fails, fix the route or start Node with --dns-result-order=ipv4first.',
      'Ask the network team to allow outbound 443 from the agent host to the Exchange host or the Microsoft 365 endpoints.',
    ],
    patterns: { aliases: ['ESOCKETTIMEDOUT'], phrases: ['connect ETIMEDOUT', 'operation timed out'] },
    docs: [DOCS.nodeSystemErrors, DOCS.nodeDnsOrder, DOCS.m365Endpoints], rules: ['EX-2', 'AG-2'], basis: 'doc', specificity: 93,
  },
  {
    code: 'ECONNRESET', family: 'tcp', title: 'Connection reset by the server or a middlebox',
    cause: 'The other side (or a device in between) closed the connection abruptly in the middle of the request.',
    likelyCauses: [
      'A load balancer or proxy idle timeout kills long requests or keep-alive connections (EWS streaming notifications, long FindItem calls).',
      'A TLS-inspecting proxy or IPS drops the session.',
      'An IIS application-pool recycle or Exchange server restart.',
      'NTLM over a load balancer without session affinity.',
    ],
    fix: [
      'Retry; mailbridge retries idempotent calls with backoff.',
      'If it repeats, raise the idle timeout on the load balancer above the EWS long-poll interval and enable session affinity (persistence) for NTLM.',
      'Check the IIS logs on Exchange (sc-win32-status) and the proxy logs at the failure time.',
    ],
    patterns: { phrases: ['socket hang up', 'read ECONNRESET', 'Client network socket disconnected before secure TLS connection was established', 'other side closed'] },
    docs: [DOCS.nodeSystemErrors], rules: ['AG-2'], basis: 'doc', specificity: 88,
  },
  {
    code: 'EHOSTUNREACH', family: 'tcp', title: 'No route to the host',
    cause: 'The network reported that the host cannot be reached: it is down, the address is wrong, or no route leads there.',
    likelyCauses: [
      'The host is down or the IP in DNS/hosts is wrong.',
      'The VPN or site link is down.',
      'An IPv6 address was chosen on a host without an IPv6 route.',
    ],
    fix: [
      'From the agent host: ping <host> and traceroute <host>.',
      'Check the VPN and routing tables; prefer IPv4 (--dns-result-order=ipv4first) if IPv6 is not routed.',
    ],
    patterns: { phrases: ['no route to host'] },
    docs: [DOCS.nodeSystemErrors], rules: ['AG-2'], basis: 'issue',
  },
  {
    code: 'ENETUNREACH', family: 'tcp', title: 'Network unreachable',
    cause: 'This host has no route to the target network, most often an IPv6 address on a host with IPv4-only connectivity.',
    fix: [
      'Check the address in the error: an IPv6 address (with colons) means IPv6 is not routed here; start the agent with --dns-result-order=ipv4first or fix IPv6 egress.',
      'Check that the host has a default gateway: ip route.',
    ],
    patterns: { phrases: ['network is unreachable'] },
    docs: [DOCS.nodeSystemErrors, DOCS.nodeDnsOrder], rules: ['AG-2'], basis: 'issue', specificity: 90,
  },
  {
    code: 'EPIPE', family: 'tcp', title: 'Broken pipe: server closed while mailbridge was sending',
    cause: 'mailbridge wrote to a connection the other side had already closed, for example a large request the server or proxy rejected mid-upload.',
    fix: [
      'Retry; if it repeats for large items, check the request size limits (IIS maxAllowedContentLength, the EWS message size limits, proxy body limits).',
      'Check the proxy or load balancer logs for resets at that time.',
    ],
    patterns: { phrases: ['broken pipe'] },
    docs: [DOCS.nodeSystemErrors], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ECONNABORTED', family: 'tcp', title: 'Connection aborted',
    cause: 'The connection was aborted locally or by the network before the exchange finished (also used by HTTP clients for a request time-out).',
    fix: [
      'Retry the operation.',
      'If it repeats, raise the request time-out for large EWS batches and check proxy time-outs.',
    ],
    patterns: {},
    docs: [DOCS.nodeSystemErrors], rules: ['AG-2'], basis: 'doc', specificity: 85,
  },
  {
    code: 'EADDRNOTAVAIL', family: 'tcp', title: 'Local address not available',
    cause: 'The local address or port needed for the connection is not available: a misconfigured bind address, or the host ran out of ephemeral ports.',
    fix: [
      'Check for a configured local/bind address that no longer exists on this host.',
      'Check ephemeral port exhaustion: ss -s; reduce parallel connections.',
    ],
    patterns: {},
    docs: [DOCS.nodeSystemErrors], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'UND_ERR_CONNECT_TIMEOUT', family: 'tcp', title: 'fetch: connect timed out',
    cause: "Node's fetch (undici) could not open the TCP connection within its connect time-out (10 s): packets are dropped on the way, or IPv6 is broken.",
    fix: [
      PORT_TEST,
      'Test IPv4 and IPv6 separately (curl -4 / curl -6) and prefer IPv4 if IPv6 is broken.',
      'Allow outbound 443 from the agent host to graph.microsoft.com and login.microsoftonline.com.',
    ],
    patterns: { phrases: ['Connect Timeout Error'] },
    docs: [DOCS.nodeFetch, DOCS.m365Endpoints], rules: ['AG-2'], basis: 'inference', specificity: 94,
  },
  {
    code: 'UND_ERR_SOCKET', family: 'tcp', title: 'fetch: the server closed the socket',
    cause: "Node's fetch (undici) lost the connection mid-request (\"other side closed\"): a proxy, load balancer or server dropped it.",
    fix: [
      'Retry; mailbridge retries idempotent calls.',
      'If it repeats, check proxy and load-balancer idle time-outs and TLS inspection on the path.',
    ],
    patterns: {},
    docs: [DOCS.nodeFetch], rules: ['AG-2'], basis: 'inference', specificity: 92,
  },
  {
    code: 'UND_ERR_HEADERS_TIMEOUT', family: 'tcp', title: 'fetch: no response headers in time',
    cause: 'The connection opened but the server did not send response headers within the time-out: the request is too slow on the server side.',
    fix: [
      'Reduce the work per request (smaller $top, $select only needed fields, smaller EWS batches).',
      'Retry later; check server load.',
    ],
    patterns: { phrases: ['Headers Timeout Error'] },
    docs: [DOCS.nodeFetch, DOCS.graphThrottling], rules: ['AG-2'], basis: 'inference', specificity: 92,
  },
  {
    code: 'UND_ERR_BODY_TIMEOUT', family: 'tcp', title: 'fetch: response body stalled',
    cause: 'The server started answering but the body stopped arriving within the time-out.',
    fix: ['Retry; if it repeats on large downloads (attachments), check proxy buffering and time-outs.'],
    patterns: { phrases: ['Body Timeout Error'] },
    docs: [DOCS.nodeFetch], rules: ['AG-2'], basis: 'inference', specificity: 92,
  },
  {
    code: 'MB_HAPPY_EYEBALLS_ALL_FAILED', family: 'tcp', title: 'Every address of the host failed (IPv4 and IPv6)',
    cause: "Node 20 tries all of a host's addresses in turn (autoSelectFamily, 250 ms per attempt) and every attempt failed; the AggregateError lists one error per address, often ETIMEDOUT for IPv4 and ENETUNREACH for IPv6.",
    likelyCauses: [
      'Broken IPv6 (inner ENETUNREACH) plus an IPv4 attempt cut off by the short per-attempt timer on a slow link.',
      'A firewall drops 443 for all addresses.',
      'DNS returns unreachable addresses.',
    ],
    fix: [
      'Read the inner errors under [errors] in the stack trace; each names an address and a code.',
      'Test each family: curl -4 -v https://<host>/ and curl -6 -v https://<host>/.',
      'On slow links, raise the per-attempt timer (net.setDefaultAutoSelectFamilyAttemptTimeout at start-up) or turn the feature off with --no-network-family-autoselection; fix IPv6 egress where possible.',
    ],
    patterns: { phrases: ['internalConnectMultiple', 'AggregateError [ETIMEDOUT]', 'AggregateError [ECONNREFUSED]'] },
    docs: [DOCS.nodeAutoSelectFamily, DOCS.nodeSystemErrors], rules: ['AG-2'], basis: 'issue', specificity: 97, refines: ['ETIMEDOUT', 'ENETUNREACH', 'ECONNREFUSED', 'EHOSTUNREACH'],
  },
  {
    code: 'ERR_INVALID_URL', family: 'config', title: 'Invalid URL',
    cause: 'A URL built from the profile (server, virtual directory, authority, Graph base URL) is not a valid URL.',
    fix: [
      'Check the server field (a host name only, no scheme or path) and the virtual directory (a path such as /EWS/Exchange.asmx).',
      'Run `mailbridge check <profile>`: its profile.valid check names the field that is wrong.',
    ],
    patterns: { phrases: ['Invalid URL'] },
    docs: [DOCS.nodeErrorCodes], rules: ['EX-7', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ERR_PROXY_TUNNEL', family: 'tcp', title: 'Proxy refused the HTTPS tunnel',
    cause: 'The HTTP proxy refused the CONNECT request for the HTTPS tunnel: the destination is not allowed, or the proxy requires authentication.',
    fix: [
      'Ask the proxy team to allow CONNECT to the Exchange host (or the Microsoft 365 endpoints) on 443.',
      'If the proxy needs credentials (HTTP 407), configure them for the agent; or exempt the agent host from the proxy.',
    ],
    patterns: { phrases: ['tunneling socket could not be established'] },
    docs: [DOCS.m365Endpoints, DOCS.httpSemantics], rules: ['AG-2'], basis: 'inference',
  },
];

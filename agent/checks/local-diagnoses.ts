/**
 * Cause and fix steps for every code the network/TLS checks emit, used until (and where)
 * the diagnosis knowledge base in src/diagnosis/ has no entry of its own. Codes follow the
 * canonical forms of architecture.md: Node/OpenSSL `err.code` as Node reports it, and
 * `MB_<NAME>` for our own findings. Texts follow error-catalog.md §2–§3.
 */
import type { CheckDiagnosis } from '../../src/checks/check-report.js';

type Entry = Omit<CheckDiagnosis, 'code'>;

export const LOCAL_DIAGNOSES: Readonly<Record<string, Entry>> = {
  // ── dns ──────────────────────────────────────────────────────────────────────
  ENOTFOUND: {
    family: 'dns',
    cause: 'The DNS answered that this name does not exist (NXDOMAIN).',
    fix: [
      'Check the host name for typos; use the name in the Exchange certificate (e.g. mail.contoso.com).',
      'Run `getent hosts <host>` on this machine (and inside the container, if any).',
      'If the name exists only in internal DNS, point this host at the internal resolver (/etc/resolv.conf).',
    ],
  },
  ENODATA: {
    family: 'dns',
    cause: 'The name exists in DNS but has no A or AAAA record.',
    fix: ['Add an A (or AAAA) record for the host, or use the name that has one.', 'Check with `dig A <host>` and `dig AAAA <host>`.'],
  },
  EAI_AGAIN: {
    family: 'dns',
    cause: 'The resolver did not give an answer (timeout, SERVFAIL or refused): DNS itself is failing, not the name.',
    fix: [
      'Check /etc/resolv.conf on this host and that the resolver answers (`getent hosts <host>`).',
      'If a VPN or container network supplies DNS, check that it is up.',
      'Retry: a transient resolver outage also ends this way.',
    ],
  },
  // ── tcp ──────────────────────────────────────────────────────────────────────
  ECONNREFUSED: {
    family: 'tcp',
    cause: 'Connection refused: nothing listens on that port, or a firewall actively rejects it.',
    fix: [
      'Check the port number (HTTPS is 443, or 2610 where the integration is set to it — EX-2).',
      'Check that IIS / the Exchange front end is running and bound to this address and port.',
      'Test from this host: `nc -vz <host> <port>`.',
    ],
  },
  ETIMEDOUT: {
    family: 'tcp',
    cause: 'No answer to the connection attempt: a firewall silently drops the traffic, or the route goes nowhere.',
    fix: [
      'Ask the network team to allow outbound TCP from this host to the server on this port.',
      'Test IPv4 and IPv6 separately (`curl -4` / `curl -6`); a broken IPv6 route looks like this.',
      'If a proxy is required on this network, configure it.',
    ],
  },
  EHOSTUNREACH: {
    family: 'tcp',
    cause: 'No route to the host (host unreachable).',
    fix: ['Check that the server is up and the address is right.', 'Check the VPN or site link and the routing table (`ip route`).'],
  },
  ENETUNREACH: {
    family: 'tcp',
    cause: 'No route to the network (often an IPv6 address on an IPv4-only host).',
    fix: ['Fix IPv6 egress, or prefer IPv4 (`--dns-result-order=ipv4first`).', 'Check the default gateway.'],
  },
  ECONNRESET: {
    family: 'tcp',
    cause: 'The server or a middlebox reset the connection.',
    fix: ['Check load balancer / proxy logs for the reset.', 'Check that a TLS-inspecting proxy is not dropping the session.'],
  },
  MB_HTTP_PORT_CLOSED: {
    family: 'tcp',
    cause: 'Port 80 is closed, so plain-HTTP requests cannot be redirected to HTTPS (EX-2). The integration itself uses HTTPS, so this is only a warning.',
    fix: ['If clients or Autodiscover should find the server over plain HTTP, open port 80 and redirect it to https://.'],
  },
  // ── tls ──────────────────────────────────────────────────────────────────────
  MB_TLS_HANDSHAKE_TIMEOUT: {
    family: 'tls',
    cause: 'The port accepts TCP connections but never completed a TLS handshake: something other than an HTTPS server listens there, or a middlebox holds the connection.',
    fix: [
      'Check which service listens on the port (`ss -ltnp` on the server); it must be the HTTPS site of Exchange/IIS.',
      'Check for a proxy or firewall that accepts connections and never forwards them.',
    ],
  },
  ERR_SSL_WRONG_VERSION_NUMBER: {
    family: 'tls',
    cause: 'The server answered with something that is not TLS: a plain-HTTP service listens on the HTTPS port.',
    fix: ['Use the HTTPS port of the server (443, or 2610 where configured).', 'Bind the certificate to the site on that port in IIS.'],
  },
  ERR_SSL_UNSUPPORTED_PROTOCOL: {
    family: 'tls',
    cause: 'The server offers only TLS 1.0/1.1; Node (and the integration) require TLS 1.2 or later.',
    fix: ['Enable TLS 1.2 on the Exchange servers (Schannel and .NET SchUseStrongCrypto, per Microsoft\'s Exchange TLS guidance).', 'Update any reverse proxy in front of Exchange.'],
  },
  ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION: {
    family: 'tls',
    cause: 'The server refused every TLS version Node offers (1.2 and 1.3): it speaks only an older protocol, or a middlebox forces one.',
    fix: ['Enable TLS 1.2 on the Exchange servers and any reverse proxy (Microsoft\'s Exchange TLS guidance).'],
  },
  MB_TLS_NO_CERTIFICATE: {
    family: 'tls',
    cause: 'The TLS handshake completed but the server presented no certificate.',
    fix: ['Bind a certificate to the HTTPS site in IIS (or the load balancer).'],
  },
  MB_TLS_LEGACY_PROTOCOL: {
    family: 'tls',
    cause: 'The server still accepts TLS 1.0 or 1.1, which are deprecated; cloud services and current clients refuse them.',
    fix: ['Disable TLS 1.0 and 1.1 on the server and any load balancer, keeping TLS 1.2 and 1.3.'],
  },
  DEPTH_ZERO_SELF_SIGNED_CERT: {
    family: 'tls',
    cause: 'The server presents a self-signed certificate (often Exchange\'s default certificate). Self-signed certificates are rejected (EX-3).',
    fix: [
      'Bind a certificate from a trusted CA that covers the host name to IIS (`Enable-ExchangeCertificate -Services IIS`).',
      'For an internal CA, bind a certificate it issued and pass its root with --ca-file.',
    ],
  },
  SELF_SIGNED_CERT_IN_CHAIN: {
    family: 'tls',
    cause: 'The chain ends in a root certificate that is not trusted here (an internal CA, or a TLS-inspecting proxy).',
    fix: ['If the root is your internal CA, pass it with --ca-file (and add it to the profile).', 'If a proxy re-signs traffic, exempt the Exchange host from inspection.'],
  },
  UNABLE_TO_GET_ISSUER_CERT_LOCALLY: {
    family: 'tls',
    cause: 'The certificate\'s issuer is not in the trust store: an untrusted root (internal CA) or a TLS-inspecting proxy.',
    fix: ['Pass the issuing root (and intermediates) with --ca-file.', 'Or bind a certificate from a publicly trusted CA.'],
  },
  UNABLE_TO_VERIFY_LEAF_SIGNATURE: {
    family: 'tls',
    cause: 'The server sends its certificate without the intermediate certificate(s), so the chain cannot be built.',
    fix: [
      'Install the intermediate certificate on the Exchange server / load balancer so the full chain is sent.',
      'Check with `openssl s_client -connect <host>:<port> -showcerts` and count the certificates.',
    ],
  },
  CA_MD_TOO_WEAK: {
    family: 'tls',
    cause: 'A certificate in the chain is signed with a digest OpenSSL 3 no longer accepts (SHA-1 or MD5), so Node rejects the chain.',
    fix: ['Re-issue the certificate (and any intermediate signed with SHA-1) with a SHA-256 signature and bind it to IIS.'],
  },
  ERR_TLS_CERT_ALTNAME_INVALID: {
    family: 'tls',
    cause: 'The certificate does not cover the host name the integration connects to.',
    fix: ['Use exactly a name listed in the certificate\'s SAN in the profile.', 'Or issue a certificate whose SAN includes this host name.'],
  },
  CERT_HAS_EXPIRED: {
    family: 'tls',
    cause: 'The server certificate has expired (or this host\'s clock is wrong).',
    fix: ['Renew the certificate and bind it to IIS and any load balancer.', 'Check this host\'s clock (`timedatectl`).'],
  },
  CERT_NOT_YET_VALID: {
    family: 'tls',
    cause: 'The server certificate is not valid yet (or this host\'s clock is behind).',
    fix: ['Check this host\'s clock and NTP (`timedatectl`).', 'Wait until the certificate\'s start date, or bind the previous one.'],
  },
  MB_CERT_EXPIRES_SOON: {
    family: 'tls',
    cause: 'The server certificate expires within 30 days.',
    fix: ['Renew the certificate now and bind it to IIS and any load balancer.'],
  },
  MB_CERT_TRUSTED_ONLY_VIA_CA_FILE: {
    family: 'tls',
    cause: 'The certificate is trusted only through the CA file given here, not by the system store: cloud services will reject it.',
    fix: ['Fine for an on-premises integration that runs here with the CA file.', 'For cloud integrations, bind a certificate from a publicly trusted CA (EX-3).'],
  },
  MB_CERT_FREE_CA: {
    family: 'tls',
    cause: 'The certificate comes from a free certificate authority; some cloud integrations refuse such certificates (EX-3).',
    fix: ['If a cloud service rejects the connection, bind a certificate from a commercial CA.'],
  },
  MB_CERT_SHA1_SIGNATURE: {
    family: 'tls',
    cause: 'A certificate in the chain is signed with SHA-1, which current clients distrust.',
    fix: ['Re-issue the certificate with a SHA-256 (or stronger) signature.'],
  },
  MB_CERT_WEAK_RSA_KEY: {
    family: 'tls',
    cause: 'The server certificate has an RSA key shorter than 2048 bits.',
    fix: ['Re-issue the certificate with an RSA key of at least 2048 bits (or an EC key).'],
  },
  // ── http ─────────────────────────────────────────────────────────────────────
  MB_HTTP_NO_HTTPS_REDIRECT: {
    family: 'other',
    cause: 'Port 80 answers but does not redirect to https://.',
    fix: ['Configure an HTTP → HTTPS redirect on the site bound to port 80 (IIS HTTP Redirect).'],
  },
  // ── runner ───────────────────────────────────────────────────────────────────
  MB_CHECK_TIMEOUT: {
    family: 'other',
    cause: 'The check did not finish within its time-out.',
    fix: ['Run again with a larger --timeout-ms on a slow link.', 'If it repeats, the server or network holds the connection open without answering.'],
  },
  MB_CHECK_CRASHED: {
    family: 'other',
    cause: 'The check stopped on an unexpected error in mailbridge itself.',
    fix: ['Report it with this report attached (`mailbridge check --json`).'],
  },
};

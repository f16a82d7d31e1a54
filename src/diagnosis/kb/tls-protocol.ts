/**
 * TLS handshake and protocol failures (error-catalog.md §3): the `ERR_SSL_*` reason codes
 * of OpenSSL 3, weak keys and digests refused at its default security level, client
 * certificate alerts, and the generic EPROTO whose OpenSSL reason names the real cause.
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const TLS_PROTOCOL_ENTRIES: KbEntry[] = [
  {
    code: 'ERR_SSL_WRONG_VERSION_NUMBER', family: 'tls', title: 'TLS spoken to a plain-HTTP port',
    cause: 'The first bytes from the server were not a TLS record: mailbridge spoke HTTPS to something that answers in plain text.',
    likelyCauses: [
      'https:// used against port 80 or another plain-HTTP listener.',
      'The proxy is configured as https://proxy:8080 although the proxy speaks plain HTTP (use http:// for the proxy URL).',
      'A captive portal or firewall answers with a plain-text page.',
    ],
    fix: [
      'Check the port in the profile: HTTPS is 443 (or 2610 where allowed, EX-2), never 80.',
      'If a proxy is set, write its URL with http:// (the tunnel to Exchange is still TLS).',
      'Test: curl -v https://<host>:<port>/EWS/Exchange.asmx shows what answers.',
    ],
    patterns: { phrases: ['wrong version number'], aliases: ['SSL_R_WRONG_VERSION_NUMBER'] },
    docs: [DOCS.nodeTls, DOCS.nodeErrorCodes], rules: ['EX-2', 'AG-2'], basis: 'issue', specificity: 96, refines: ['EPROTO'],
  },
  {
    code: 'ERR_SSL_UNSAFE_LEGACY_RENEGOTIATION_DISABLED', family: 'tls', title: 'Server lacks secure renegotiation (RFC 5746)',
    cause: 'OpenSSL 3 (Node 17 and later) refuses servers that do not support secure renegotiation. The TLS endpoint in front of Exchange is outdated.',
    likelyCauses: [
      'An old TLS terminator: legacy F5, WAF, TMG or an unpatched Windows Server 2008/2012.',
      'A TLS-inspecting middlebox.',
    ],
    fix: [
      'Patch or upgrade the server or device that terminates TLS; this is the real fix.',
      'Confirm which device answers: openssl s_client -connect <host>:443 shows "Secure Renegotiation IS NOT supported".',
      'Only as a temporary measure for that one host: a legacy-connect option (SSL_OP_LEGACY_SERVER_CONNECT); mailbridge does not enable it by default.',
    ],
    patterns: { phrases: ['unsafe legacy renegotiation disabled'] },
    docs: [DOCS.nodeTls, DOCS.exchangeTls], rules: ['EX-3', 'AG-2'], basis: 'issue', specificity: 96, refines: ['EPROTO'],
  },
  {
    code: 'ERR_SSL_UNSUPPORTED_PROTOCOL', family: 'tls', title: 'No common TLS version',
    cause: 'The server offers only TLS versions that Node refuses. Node 20 requires at least TLS 1.2 by default.',
    likelyCauses: [
      'Exchange 2010/2013 or a reverse proxy that offers only TLS 1.0 or 1.1.',
      'A middlebox that forces an old version.',
    ],
    fix: [
      "Enable TLS 1.2 on the Exchange servers following Microsoft's Exchange TLS guidance (Schannel registry keys and the .NET SchUseStrongCrypto settings), then restart.",
      'Check what is offered: openssl s_client -connect <host>:443 -tls1_2.',
      'Do not lower the minimum TLS version in mailbridge; TLS 1.0/1.1 are deprecated.',
    ],
    patterns: { phrases: ['unsupported protocol'], aliases: ['ERR_SSL_TLSV1_ALERT_PROTOCOL_VERSION'] },
    docs: [DOCS.nodeTlsMinVersion, DOCS.exchangeTls], rules: ['EX-3', 'AG-2'], basis: 'doc', specificity: 96, refines: ['EPROTO'],
  },
  {
    code: 'ERR_SSL_SSLV3_ALERT_HANDSHAKE_FAILURE', family: 'tls', title: 'TLS handshake refused by the server',
    cause: 'The server ended the handshake: there is no cipher both sides accept, or the server wants something the client did not send (a client certificate, SNI).',
    likelyCauses: [
      'The server offers only weak ciphers (3DES, RC4) that OpenSSL 3 disables.',
      'The EWS virtual directory requires a client certificate.',
      'Connecting by IP address, so no SNI is sent and the server has no matching certificate.',
    ],
    fix: [
      'Update the cipher configuration of the Exchange server or proxy to modern TLS 1.2 suites (Exchange TLS guidance).',
      'In IIS Manager, check SSL Settings of the EWS virtual directory: Client certificates should be Ignore unless you configured certificate authentication (MEM-4).',
      'Use the FQDN in the profile, not an IP address.',
    ],
    patterns: { phrases: ['sslv3 alert handshake failure', 'alert handshake failure'] },
    docs: [DOCS.nodeTls, DOCS.exchangeTls], rules: ['EX-3', 'MEM-4', 'AG-2'], basis: 'inference', specificity: 94, refines: ['EPROTO'],
  },
  {
    code: 'CA_MD_TOO_WEAK', family: 'tls', title: 'Certificate signed with a weak hash (MD5/SHA-1)',
    cause: 'A certificate in the chain is signed with a digest OpenSSL 3 considers too weak at its default security level (MD5, or SHA-1 on newer builds).',
    fix: [
      'Reissue the certificate (and any old intermediate) with SHA-256 or stronger from your CA.',
      'If an old internal CA signs with SHA-1, renew the CA certificate with SHA-256 (AD CS: certutil -setreg ca\\csp\\CNGHashAlgorithm SHA256, then renew).',
      'Bind the new certificate: Enable-ExchangeCertificate -Thumbprint <new> -Services IIS.',
    ],
    patterns: { aliases: ['ERR_SSL_CA_MD_TOO_WEAK'], phrases: ['ca md too weak'] },
    docs: [DOCS.opensslSecLevel, DOCS.exchangeCertProcedures], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'EE_KEY_TOO_SMALL', family: 'tls', title: 'Server certificate key too small',
    cause: "The server certificate's key is shorter than OpenSSL 3 accepts at its default security level (an RSA key under 2048 bits).",
    fix: [
      'Create a new certificate request with at least a 2048-bit RSA key (New-ExchangeCertificate -KeySize 2048 or larger) and have it signed.',
      'Import and bind it: Enable-ExchangeCertificate -Thumbprint <new> -Services IIS; replace it on any proxy too.',
    ],
    patterns: { aliases: ['ERR_SSL_EE_KEY_TOO_SMALL'], phrases: ['ee key too small'] },
    docs: [DOCS.opensslSecLevel, DOCS.exchangeCertProcedures], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ERR_SSL_DH_KEY_TOO_SMALL', family: 'tls', title: 'Server Diffie-Hellman key too small',
    cause: 'The server offered a Diffie-Hellman key exchange with a group smaller than OpenSSL 3 accepts (under 2048 bits).',
    fix: [
      'Disable DHE suites with small groups on the server or proxy, or prefer ECDHE suites (Exchange TLS guidance).',
      'Upgrade the TLS terminator if it cannot be configured.',
    ],
    patterns: { phrases: ['dh key too small'] },
    docs: [DOCS.opensslSecLevel, DOCS.exchangeTls], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ERR_TLS_HANDSHAKE_TIMEOUT', family: 'tls', title: 'TLS handshake timed out',
    cause: 'The TCP connection opened but the TLS handshake did not finish in time: something in the path holds or drops the handshake.',
    likelyCauses: [
      'A firewall or IPS that inspects and stalls TLS.',
      'The port answers but is not TLS (a different service or a half-open proxy).',
      'An overloaded server.',
    ],
    fix: [
      'Test the handshake from the agent host: openssl s_client -connect <host>:<port> -servername <host>.',
      'Check the firewall or IPS logs for the agent host and port.',
    ],
    patterns: { phrases: ['TLS handshake timeout'] },
    docs: [DOCS.nodeErrorCodes], rules: ['EX-2', 'AG-2'], basis: 'doc',
  },
  {
    code: 'EPROTO', family: 'tls', title: 'TLS protocol error',
    cause: 'A generic TLS protocol failure; the OpenSSL reason in the same message (wrong version number, unsupported protocol, handshake failure, legacy renegotiation) names the real cause.',
    fix: [
      'Read the OpenSSL reason after "EPROTO" in the message and diagnose that text again (mailbridge diagnose "<whole message>").',
      'Test the endpoint with openssl s_client -connect <host>:<port> -servername <host>.',
    ],
    patterns: {},
    docs: [DOCS.nodeSystemErrors, DOCS.nodeTls], rules: ['AG-2'], basis: 'issue', specificity: 70,
  },
  {
    code: 'ERR_SSL_TLSV1_ALERT_UNKNOWN_CA', family: 'tls', title: 'Server does not trust the client certificate',
    cause: "The server rejected the client certificate mailbridge presented: its CA is not in the server's trusted list.",
    fix: [
      'If the profile uses certificate authentication (MEM-4), check that the client certificate was issued by a CA the Exchange server trusts (Trusted Root Certification Authorities on the server).',
      'Import the client CA on the Exchange server, or reissue the client certificate from the right CA.',
    ],
    patterns: { phrases: ['tlsv1 alert unknown ca'] },
    docs: [DOCS.nodeTls], rules: ['MEM-4', 'AG-2'], basis: 'inference',
  },
  {
    code: 'ERR_SSL_SSLV3_ALERT_BAD_CERTIFICATE', family: 'tls', title: 'Server rejected the client certificate',
    cause: 'The server asked for a client certificate and rejected the one sent (or none was sent).',
    fix: [
      'For certificate authentication (MEM-4), configure a valid client certificate with its private key in the profile.',
      "In IIS Manager, check the EWS virtual directory's SSL Settings > Client certificates; set Ignore if certificate authentication is not intended.",
    ],
    patterns: { phrases: ['sslv3 alert bad certificate'] },
    docs: [DOCS.nodeTls, DOCS.ewsAuthentication], rules: ['MEM-4', 'AG-2'], basis: 'inference',
  },
  {
    code: 'ERR_SSL_PACKET_LENGTH_TOO_LONG', family: 'tls', title: 'Non-TLS answer during the handshake',
    cause: 'The reply to the TLS hello was not TLS; typically an HTTP proxy or plain-HTTP port answered.',
    fix: [
      'Check the port and scheme in the profile (HTTPS on 443 or 2610).',
      'If a proxy is configured, give its URL as http:// and make sure it supports CONNECT.',
    ],
    patterns: { phrases: ['packet length too long'] },
    docs: [DOCS.nodeTls], rules: ['EX-2', 'AG-2'], basis: 'inference',
  },
];

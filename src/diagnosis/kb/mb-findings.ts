/**
 * Our own findings (MB_ codes): what mailbridge's checks and profile rules report that no
 * server would, such as an IP address where a host name belongs (EX-7), an interval under
 * ten minutes, a free-CA issuer (EX-3) or only port 2610 open (EX-2).
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const MB_FINDING_ENTRIES: KbEntry[] = [
  {
    code: 'MB_HOST_IS_IP_ADDRESS', family: 'config', title: 'Server address is an IP address, not a host name',
    cause: 'The server address must be a host name (EX-7). With an IP address the TLS certificate cannot match, Exchange virtual hosts and SNI do not work, and the setup breaks when the address changes.',
    fix: [
      'Enter the Exchange host name the certificate is issued for (e.g. mail.contoso.com) in the server field.',
      'Find it on the certificate: openssl s_client -connect <ip>:443 | openssl x509 -noout -ext subjectAltName.',
    ],
    patterns: {},
    docs: [DOCS.rcaNameMismatch, DOCS.nodeTls], rules: ['EX-7', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_INTERVAL_TOO_SHORT', family: 'config', title: 'Sync interval below 10 minutes',
    cause: 'The sync interval must be at least 10 minutes (EX-7). Shorter intervals burn the EWS/Graph throttling budget, and a sync can take longer than the interval anyway.',
    fix: ['Set the sync interval to 10 minutes or more in the profile.'],
    patterns: {},
    docs: [DOCS.ewsThrottling, DOCS.graphThrottlingLimits], rules: ['EX-7', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_FREE_CA_ISSUER', family: 'tls', title: 'Certificate from a free CA (warning)',
    cause: "The server's certificate comes from a free certificate authority (for example Let's Encrypt or ZeroSSL). mailbridge accepts it, but some cloud integrations refuse free certificates (EX-3), so this is a warning.",
    fix: [
      'If the business application vendor requires a paid CA, replace the certificate with one from a commercial CA and bind it: Enable-ExchangeCertificate -Thumbprint <new> -Services IIS.',
      'Otherwise no action is needed; keep automatic renewal working (free certificates last 90 days or less).',
    ],
    patterns: {},
    docs: [DOCS.letsEncryptChains, DOCS.exchangeCertProcedures], rules: ['EX-3', 'AG-2'], basis: 'doc', specificity: 60,
  },
  {
    code: 'MB_PORT_443_CLOSED_USE_2610', family: 'tcp', title: 'Port 443 closed, 2610 open: use port 2610',
    cause: 'The server does not answer on 443 but does on 2610, the allowed alternative (EX-2).',
    fix: [
      'Set the HTTPS port of the profile to 2610 (check with `mailbridge check <profile> --https-port 2610`).',
      'Or ask the network team to open 443 from the agent host to the Exchange server.',
    ],
    patterns: {},
    docs: [DOCS.rcaNetworkError, DOCS.nodeSystemErrors], rules: ['EX-2', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_PORTS_ALL_CLOSED', family: 'tcp', title: 'None of the ports 80, 443, 2610 answers',
    cause: 'The server answers on none of the ports mailbridge may use (80, 443, 2610; EX-2): a firewall blocks the agent host, or the address is wrong.',
    fix: [
      'Check the server name in the profile.',
      'Ask the network team to allow TCP 443 (or 2610) from the agent host to the Exchange server.',
      'Test from the agent host: nc -vz <host> 443 and nc -vz <host> 2610.',
    ],
    patterns: {},
    docs: [DOCS.rcaNetworkError], rules: ['EX-2', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_HTTP_ONLY', family: 'config', title: 'Only plain HTTP (port 80) answers',
    cause: 'The server answers on port 80 but not over HTTPS. mailbridge never sends credentials over plain HTTP.',
    fix: [
      'Bind a trusted certificate to the Default Web Site on 443 (Enable-ExchangeCertificate -Services IIS) and open 443 or 2610 (EX-2).',
    ],
    patterns: {},
    docs: [DOCS.exchangeCertProcedures, DOCS.rcaSsl403], rules: ['EX-2', 'EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_TRUSTED_ONLY_VIA_CA_FILE', family: 'tls', title: 'Certificate trusted only through the configured CA file',
    cause: "The server's certificate chains to the CA file given to mailbridge (--ca-file / NODE_EXTRA_CA_CERTS), not to a public root. It works here, but other clients and cloud services will not trust it (EX-3).",
    fix: [
      'Keep the CA file in place for the agent (Environment=NODE_EXTRA_CA_CERTS=<pem> in the systemd unit).',
      'For integrations that reach Exchange from outside, use a certificate from a public CA.',
    ],
    patterns: {},
    docs: [DOCS.nodeExtraCaCerts, DOCS.rcaTrustFailure], rules: ['EX-3', 'AG-2'], basis: 'doc', specificity: 60,
  },
  {
    code: 'MB_CERT_EXPIRING_SOON', family: 'tls', title: 'Certificate expires soon',
    cause: "The server's certificate expires within the warning window (60 days, urgent under 30). When it expires, every connection fails with CERT_HAS_EXPIRED.",
    fix: [
      'Renew the certificate now and bind it: Enable-ExchangeCertificate -Thumbprint <new> -Services IIS; update the load balancer or proxy too.',
      'Check the date: Get-ExchangeCertificate | fl Subject,NotAfter,Services.',
    ],
    patterns: {},
    docs: [DOCS.exchangeCertProcedures, DOCS.nodeX509Codes], rules: ['EX-3', 'AG-2'], basis: 'doc', specificity: 60,
  },
  {
    code: 'MB_WEAK_SIGNATURE', family: 'tls', title: 'Certificate signed with a weak algorithm (SHA-1/MD5)',
    cause: 'A certificate in the chain is signed with SHA-1 or MD5. OpenSSL 3 and browsers reject or warn about these; expect failures (CA_MD_TOO_WEAK).',
    fix: ['Reissue the certificate with SHA-256 or stronger (renew an old internal CA certificate with SHA-256 too) and bind it with Enable-ExchangeCertificate -Services IIS.'],
    patterns: {},
    docs: [DOCS.opensslSecLevel, DOCS.exchangeCertProcedures], rules: ['EX-3', 'AG-2'], basis: 'doc', specificity: 70,
  },
  {
    code: 'MB_WEAK_KEY', family: 'tls', title: 'Certificate key too small',
    cause: "The server certificate's RSA key is under 2048 bits; OpenSSL 3 refuses it at its default security level (EE_KEY_TOO_SMALL).",
    fix: ['Create a new certificate with at least a 2048-bit key (New-ExchangeCertificate -KeySize 2048) and bind it with Enable-ExchangeCertificate -Services IIS.'],
    patterns: {},
    docs: [DOCS.opensslSecLevel, DOCS.exchangeCertProcedures], rules: ['EX-3', 'AG-2'], basis: 'doc', specificity: 70,
  },
  {
    code: 'MB_OLD_TLS_VERSION', family: 'tls', title: 'Server still offers TLS 1.0/1.1 (warning)',
    cause: 'The server accepts TLS 1.0 or 1.1 besides TLS 1.2. mailbridge uses TLS 1.2 or later, but the old versions are deprecated and some scanners flag them.',
    fix: ["Disable TLS 1.0 and 1.1 on the Exchange servers following Microsoft's Exchange TLS guidance."],
    patterns: {},
    docs: [DOCS.exchangeTls], rules: ['EX-3', 'AG-2'], basis: 'doc', specificity: 50,
  },
  {
    code: 'MB_CLOCK_SKEW', family: 'config', title: 'Agent clock differs from the server',
    cause: "The agent host's clock differs from the server's Date header by more than 5 minutes. Certificates, tokens and signed assertions then look expired or not yet valid.",
    fix: ['Enable time synchronisation on the agent host: timedatectl set-ntp true; check with timedatectl status.'],
    patterns: {},
    docs: [DOCS.rcaSystemTime, DOCS.ntp], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'MB_ANONYMOUS_EWS', family: 'http-auth', title: 'EWS answers without authentication',
    cause: 'The EWS endpoint answered a request without credentials with 200: anonymous authentication is enabled on the virtual directory, which is a security problem and not how Exchange ships.',
    fix: ['In IIS Manager > Default Web Site > EWS > Authentication, disable Anonymous Authentication; keep Windows and/or Basic.'],
    patterns: {},
    docs: [DOCS.ewsAuthentication, DOCS.rcaNoAuthMethods], rules: ['EX-1', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_OWA_DISABLED', family: 'config', title: 'Outlook on the web (OWA) not enabled',
    cause: 'OWA must be enabled on the server (EX-1); EWS normally follows it. The OWA endpoint did not answer as expected.',
    fix: [
      'Check the OWA virtual directory: Get-OwaVirtualDirectory | fl Server,InternalUrl,ExternalUrl.',
      'Enable OWA for the sync account: Set-CASMailbox <sync-account> -OWAEnabled $true.',
    ],
    patterns: {},
    docs: [DOCS.setCasMailbox], rules: ['EX-1', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_EAS_NOT_ADVERTISED', family: 'config', title: 'ActiveSync endpoint does not advertise protocol versions',
    cause: 'The Exchange ActiveSync endpoint (Microsoft-Server-ActiveSync) did not answer OPTIONS with MS-ASProtocolVersions (INT-1), so device mail profiles will not work.',
    fix: [
      'Check the ActiveSync virtual directory: Get-ActiveSyncVirtualDirectory | fl Server,InternalUrl,ExternalUrl.',
      'Make sure ActiveSync is enabled for the users: Set-CASMailbox <user> -ActiveSyncEnabled $true; and that a proxy publishes /Microsoft-Server-ActiveSync.',
    ],
    patterns: {},
    docs: [DOCS.easDeviceAccess, DOCS.setCasMailbox], rules: ['INT-1', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_AGENT_NOT_RUNNING', family: 'config', title: 'No mailbridge agent answers',
    cause: 'No agent answers on the local socket, so the console and scripts cannot reach it.',
    fix: [
      'Start it: systemctl --user start mailbridge (or `mailbridge agent` in the foreground).',
      'Check `mailbridge status` and the socket path ($MAILBRIDGE_SOCKET or $XDG_RUNTIME_DIR/mailbridge/agent.sock).',
    ],
    patterns: {},
    docs: [DOCS.nodeSystemErrors], rules: ['AG-1', 'AG-2'], basis: 'doc', specificity: 70,
  },
  {
    code: 'MB_DIAGNOSE_NO_INPUT', family: 'config', title: 'diagnose got no text',
    cause: 'mailbridge diagnose reads the error text from its argument, or from stdin when the argument is "-" or absent; with a terminal on stdin there is nothing to read, and it does not prompt.',
    fix: ['Pass the text as an argument, or pipe it: journalctl -u mailbridge --since -1h | mailbridge diagnose -'],
    patterns: {},
    docs: [DOCS.nodeErrorCodes], rules: ['AG-4', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_DIAGNOSE_INPUT_TOO_LARGE', family: 'config', title: 'diagnose input larger than 16 MiB',
    cause: 'diagnose is meant for an error message or a log excerpt, not a whole log file.',
    fix: ['Pipe only the lines around the failure: grep -B5 -A20 -i error app.log | mailbridge diagnose -'],
    patterns: {},
    docs: [DOCS.nodeErrorCodes], rules: ['AG-4', 'AG-2'], basis: 'doc',
  },
];

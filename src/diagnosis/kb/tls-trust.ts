/**
 * Certificate trust and validity failures as Node.js (OpenSSL 3) reports them: the X509
 * verify codes in `err.code` and their message texts (error-catalog.md §3). Node 20 trusts
 * only its bundled Mozilla store plus NODE_EXTRA_CA_CERTS; it ignores the OS store, which
 * explains many of these.
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

const TRUST_FIX_CA_FILE = 'If the issuing CA is your own (AD CS or a proxy), save its root (and intermediates) as PEM and give it to mailbridge: `--ca-file <pem>` for checks, and NODE_EXTRA_CA_CERTS=<pem> in the agent\'s environment (systemd: Environment=NODE_EXTRA_CA_CERTS=…), then restart the agent.';
const NEVER_DISABLE = 'Do not set NODE_TLS_REJECT_UNAUTHORIZED=0 except for a one-off test that proves the certificate is the problem; it turns off all protection.';

export const TLS_TRUST_ENTRIES: KbEntry[] = [
  {
    code: 'DEPTH_ZERO_SELF_SIGNED_CERT', family: 'tls', title: 'Server presents a self-signed certificate',
    cause: 'The server sent a single certificate that signed itself, so no trusted authority vouches for it. mailbridge refuses self-signed certificates (EX-3).',
    likelyCauses: [
      "Exchange's default self-signed certificate is still bound to IIS (fresh install, or the CA certificate expired and the self-signed one took over).",
      'A lab or test server.',
      'An appliance or reverse proxy still using its factory certificate.',
    ],
    fix: [
      'In the Exchange admin center go to Servers > Certificates, or in the Exchange Management Shell run Get-ExchangeCertificate | fl Subject,CertificateDomains,Services,NotAfter, to see which certificate IIS uses.',
      'Install a certificate from a trusted CA that covers the EWS host name, then bind it: Enable-ExchangeCertificate -Thumbprint <thumbprint> -Services IIS.',
      'Also replace the certificate on any load balancer or reverse proxy in front of Exchange.',
      'Run `mailbridge check <profile>` again; tls.trust must pass.',
    ],
    patterns: { phrases: ['self-signed certificate', 'self signed certificate'] },
    docs: [DOCS.nodeX509Codes, DOCS.exchangeCertProcedures, DOCS.rcaTrustFailure], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'SELF_SIGNED_CERT_IN_CHAIN', family: 'tls', title: 'Certificate chain ends in an untrusted root',
    cause: "The chain the server sent ends in a root certificate that is not in Node's trust store: a private CA, or a proxy that re-signs TLS traffic.",
    likelyCauses: [
      'A TLS-inspecting proxy (Zscaler, Palo Alto, Fortinet, Netskope) re-signs graph.microsoft.com or login.microsoftonline.com with the company root.',
      'Exchange uses a certificate from an internal enterprise CA (AD CS) whose root Node does not know.',
    ],
    fix: [
      'Find the root: openssl s_client -connect <host>:443 -showcerts and look at the last issuer.',
      TRUST_FIX_CA_FILE,
      'For Microsoft 365 traffic, ask the proxy team to exempt the Microsoft 365 endpoints from TLS inspection (Microsoft recommends it).',
      NEVER_DISABLE,
    ],
    patterns: { phrases: ['self-signed certificate in certificate chain', 'self signed certificate in certificate chain'] },
    docs: [DOCS.nodeX509Codes, DOCS.nodeExtraCaCerts, DOCS.m365Endpoints], rules: ['EX-3', 'AG-2'], basis: 'doc', specificity: 96,
  },
  {
    code: 'UNABLE_TO_VERIFY_LEAF_SIGNATURE', family: 'tls', title: 'Intermediate certificate missing from the chain',
    cause: 'Node could not build a chain from the server certificate to a trusted root, usually because the server sends only its own certificate without the intermediate CA certificates.',
    likelyCauses: [
      'IIS, the load balancer or the reverse proxy serves only the leaf certificate (common with F5, NGINX or Web Application Proxy in front of Exchange).',
      'The certificate comes from a private CA that is not trusted.',
    ],
    fix: [
      'Count the certificates the server sends: openssl s_client -connect <host>:443 -showcerts.',
      'Install the intermediate certificate on the Exchange server (Certificates console, Intermediate Certification Authorities) or configure the full chain (leaf + intermediates PEM) on the load balancer or proxy.',
      'Workaround until then: put the intermediate and root into the PEM given by --ca-file / NODE_EXTRA_CA_CERTS.',
    ],
    patterns: { phrases: ['unable to verify the first certificate', 'unable to verify leaf signature'] },
    docs: [DOCS.nodeX509Codes, DOCS.rcaMissingIntermediate], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', family: 'tls', title: 'Issuer certificate not in the local trust store',
    cause: "The certificate's issuer is not in Node's trust store. Node ignores the Windows and Linux system stores unless told otherwise, so a root the browser trusts can still be unknown to mailbridge.",
    likelyCauses: [
      'An internal enterprise CA (AD CS) root is trusted by Windows but not by Node.',
      'A TLS-inspecting proxy re-signs the connection.',
      'The server sends an incomplete chain.',
    ],
    fix: [
      TRUST_FIX_CA_FILE,
      'If a proxy re-signs Microsoft 365 traffic, exempt the Microsoft 365 endpoints from inspection.',
      NEVER_DISABLE,
    ],
    patterns: { phrases: ['unable to get local issuer certificate'] },
    docs: [DOCS.nodeX509Codes, DOCS.nodeExtraCaCerts], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'UNABLE_TO_GET_ISSUER_CERT', family: 'tls', title: 'Issuer certificate could not be found',
    cause: 'OpenSSL could not find the certificate of the issuer of a certificate in the chain; the chain is incomplete or the CA is unknown.',
    fix: [
      'Install the full chain (leaf plus intermediates) on the Exchange server, load balancer or proxy.',
      TRUST_FIX_CA_FILE,
    ],
    patterns: { phrases: ['unable to get issuer certificate'] },
    docs: [DOCS.nodeX509Codes, DOCS.rcaMissingIntermediate], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'CERT_HAS_EXPIRED', family: 'tls', title: 'Certificate has expired',
    cause: "A certificate in the server's chain is past its end date (notAfter), or this machine's clock is wrong.",
    likelyCauses: [
      'The Exchange IIS certificate expired.',
      'An intermediate or cross-signed root in the served chain expired (an old bundle on the load balancer).',
      "The agent host's clock is far ahead.",
    ],
    fix: [
      'Check the dates: openssl s_client -connect <host>:443 | openssl x509 -noout -dates.',
      'Renew the certificate, import it on Exchange and bind it: Enable-ExchangeCertificate -Thumbprint <new> -Services IIS. Replace it on the load balancer or proxy as well.',
      "Check the agent host's time: timedatectl (NTP synchronized must say yes).",
    ],
    patterns: { phrases: ['certificate has expired'] },
    docs: [DOCS.nodeX509Codes, DOCS.exchangeCertProcedures], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'CERT_NOT_YET_VALID', family: 'tls', title: 'Certificate is not valid yet',
    cause: "The certificate's start date (notBefore) is in the future as seen from this machine: the clock is behind, or a brand-new certificate was installed too early.",
    fix: [
      "Check the agent host's clock: timedatectl; enable NTP (timedatectl set-ntp true) if it is off.",
      'After a VM snapshot restore, resynchronise time before starting the agent.',
      'If the clock is right, wait until the certificate becomes valid or reissue it.',
    ],
    patterns: { phrases: ['certificate is not yet valid'] },
    docs: [DOCS.nodeX509Codes, DOCS.ntp], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ERR_TLS_CERT_ALTNAME_INVALID', family: 'tls', title: 'Certificate does not cover the host name',
    cause: 'The certificate is valid but issued for other names: the host name (or IP address) mailbridge connected to is not in its Subject Alternative Names.',
    likelyCauses: [
      'The profile uses an IP address or a short/NetBIOS name instead of the FQDN on the certificate.',
      'The internal FQDN (ex01.corp.local) is used while the certificate names the public one (mail.contoso.com).',
      'A load balancer serves the wrong virtual host or certificate for this name (SNI).',
    ],
    fix: [
      'Read the names on the certificate: openssl s_client -connect <host>:443 -servername <host> | openssl x509 -noout -ext subjectAltName.',
      'Set the profile server to a name the certificate lists (e.g. mail.contoso.com), never an IP address (EX-7).',
      'Or reissue the certificate with the name you use and bind it with Enable-ExchangeCertificate -Services IIS.',
    ],
    patterns: { phrases: ["is not in the cert's altnames", 'Hostname/IP does not match certificate', "does not match certificate's altnames", 'does not match the certificate subject provided by the peer'] },
    docs: [DOCS.nodeTls, DOCS.rcaNameMismatch], rules: ['EX-3', 'EX-7', 'AG-2'], basis: 'doc',
  },
  {
    code: 'CERT_REVOKED', family: 'tls', title: 'Certificate has been revoked',
    cause: 'The CA revoked the server certificate; it must not be used any more.',
    fix: [
      'Ask the certificate owner to request a new certificate and bind it in place of the revoked one (Enable-ExchangeCertificate -Services IIS).',
    ],
    patterns: { phrases: ['certificate revoked'] },
    docs: [DOCS.nodeX509Codes], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'CERT_SIGNATURE_FAILURE', family: 'tls', title: 'Certificate signature does not verify',
    cause: 'A signature in the certificate chain is invalid: the certificate was altered, or the wrong intermediate is served.',
    fix: [
      'Reinstall the correct intermediate certificates from the CA on the server or proxy.',
      'If a proxy is in the path, check whether it tampers with the chain.',
    ],
    patterns: { phrases: ['certificate signature failure'] },
    docs: [DOCS.nodeX509Codes], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'INVALID_PURPOSE', family: 'tls', title: 'Certificate not issued for server authentication',
    cause: 'The certificate does not allow TLS server use: its Extended Key Usage lacks "Server Authentication".',
    fix: [
      'Request a certificate from a web server template (EKU Server Authentication, 1.3.6.1.5.5.7.3.1) and bind it with Enable-ExchangeCertificate -Services IIS.',
    ],
    patterns: { phrases: ['unsupported certificate purpose'] },
    docs: [DOCS.nodeX509Codes, DOCS.exchangeCertificates], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'CERT_UNTRUSTED', family: 'tls', title: 'Root certificate not trusted',
    cause: 'The chain builds, but its root is not marked as trusted for this purpose.',
    fix: [TRUST_FIX_CA_FILE, 'Prefer a certificate from a public CA for Exchange endpoints that external services reach.'],
    patterns: { phrases: ['certificate not trusted'] },
    docs: [DOCS.nodeX509Codes, DOCS.rcaTrustFailure], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'CERT_CHAIN_TOO_LONG', family: 'tls', title: 'Certificate chain too long',
    cause: 'The chain exceeds the maximum verification depth, usually because the server sends duplicate or unrelated certificates.',
    fix: ['Serve exactly the leaf and its intermediates, in order; remove duplicates and unrelated certificates from the chain file on the server or proxy.'],
    patterns: { phrases: ['certificate chain too long'] },
    docs: [DOCS.nodeX509Codes], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
];

/**
 * NTLM on OpenSSL 3 (MD4 and DES moved to the legacy provider) and the ways an NTLM
 * handshake with Exchange fails (error-catalog.md §4).
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const NTLM_ENTRIES: KbEntry[] = [
  {
    code: 'ERR_OSSL_EVP_UNSUPPORTED', family: 'ntlm-md4', title: 'MD4/DES unavailable for NTLM on OpenSSL 3',
    cause: 'OpenSSL 3 (Node 17 and later) moved MD4 and single DES to its legacy provider, and NTLM needs both (the NT hash is MD4). An NTLM library that asks OpenSSL for MD4 fails with this error.',
    likelyCauses: [
      'An old NTLM helper (httpntlm up to 1.7, node-http-ntlm, @ewsjs/xhr before 3.0, ews-javascript-api-auth) running on Node 17 or later.',
      'Node was upgraded without upgrading the NTLM library.',
    ],
    fix: [
      'Use ews-javascript-api 0.14 or later with @ewsjs/xhr 3.x, whose NTLM code uses a pure-JavaScript MD4 (mailbridge ships these).',
      'If a plug-in still uses an old NTLM library, start the agent with NODE_OPTIONS=--openssl-legacy-provider as a stop-gap.',
      'With ews-javascript-api this error can show up as responseCode 127 (ErrorInternalServerError); the message text is what counts.',
    ],
    patterns: { phrases: ['error:0308010C', 'digital envelope routines::unsupported', 'digital envelope routines:evp_md_init', 'Digest method not supported'] },
    docs: [DOCS.nodeLegacyProvider, DOCS.opensslProviders], rules: ['EX-5', 'AG-2'], basis: 'doc', specificity: 97, refines: ['ErrorInternalServerError'],
  },
  {
    code: 'MB_NTLM_HANDSHAKE_LOOP', family: 'ntlm-md4', title: 'NTLM handshake never completes (401 after 401)',
    cause: 'Exchange keeps answering 401 during the NTLM exchange (negotiate, challenge, authenticate): the credentials are refused, or something breaks the connection-bound handshake.',
    likelyCauses: [
      'Wrong password, or the account is locked or expired.',
      'Extended Protection set to Require on the EWS virtual directory (the Node NTLM client sends no channel binding).',
      'A load balancer without session affinity, or a proxy that splits the handshake across connections.',
      'An HTTP proxy in the path (the @ewsjs/xhr NTLM mode does not support proxies).',
    ],
    fix: [
      "Test the same credentials: curl --ntlm -u 'DOMAIN\\user' https://<host>/EWS/Exchange.asmx (expect 200 or a WSDL page).",
      'Check Extended Protection: Get-WebServicesVirtualDirectory | fl Name,ExtendedProtectionTokenChecking; mailbridge needs None or Allow for NTLM.',
      'Enable persistence (affinity) on the load balancer for the EWS virtual directory and bypass any HTTP proxy for the Exchange host.',
    ],
    patterns: { phrases: ['NTLM handshake failed', 'ntlm authentication failed'] },
    docs: [DOCS.extendedProtection, DOCS.ewsAuthentication], rules: ['EX-4', 'EX-5', 'AG-2'], basis: 'inference', refines: ['HTTP_401'],
  },
  {
    code: 'MB_NTLM_EXTENDED_PROTECTION', family: 'ntlm-md4', title: 'Extended Protection requires channel binding',
    cause: 'The EWS virtual directory enforces Extended Protection (default since Exchange 2019 CU14), which binds NTLM to the TLS channel. Node NTLM clients send no channel-binding token, so authentication fails; SSL offloading at a load balancer breaks it as well.',
    fix: [
      'In the Exchange Management Shell: Get-WebServicesVirtualDirectory | fl Server,ExtendedProtectionTokenChecking.',
      'Use Basic over HTTPS for the sync account on-premises, or set ExtendedProtectionTokenChecking to Allow on the EWS virtual directory only after weighing the security trade-off with the Exchange administrator.',
      'Do not offload TLS at the load balancer for Exchange when Extended Protection is on.',
    ],
    patterns: { phrases: ['ExtendedProtectionTokenChecking'] },
    docs: [DOCS.extendedProtection], rules: ['EX-5', 'AG-2'], basis: 'inference', refines: ['HTTP_401', 'MB_NTLM_HANDSHAKE_LOOP'],
  },
  {
    code: 'MB_NTLM_BEHIND_PROXY', family: 'ntlm-md4', title: 'NTLM through an HTTP proxy is not supported',
    cause: 'NTLM authenticates a TCP connection, and the NTLM mode of the EWS client library has no proxy support; with a proxy in the path the handshake fails.',
    fix: [
      'Exempt the Exchange host from the proxy for the agent (NO_PROXY=<exchange-host>).',
      'Or use Basic authentication over HTTPS for the sync account if the Exchange administrator allows it.',
    ],
    patterns: { phrases: ['No Proxy support with Ntlm'] },
    docs: [DOCS.ewsAuthentication], rules: ['EX-5', 'AG-2'], basis: 'issue', refines: ['HTTP_401', 'MB_NTLM_HANDSHAKE_LOOP'],
  },
];

/**
 * HTTP statuses from Exchange, IIS, proxies, Graph and Cloudflare (error-catalog.md §5).
 * A status is the least specific reading of a failure: any code in the body outranks it,
 * so these entries rank causes and point at what to paste or check next.
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const HTTP_STATUS_ENTRIES: KbEntry[] = [
  {
    code: 'HTTP_400', family: 'other', title: 'HTTP 400 Bad Request',
    cause: 'The server rejected the request as malformed. For Entra and Graph the JSON body names the real error (an AADSTS code or a Graph error code).',
    likelyCauses: [
      'A token request with a wrong scope, tenant or parameter (look for an AADSTS code in the body).',
      'A Graph call that is not valid for the token type, e.g. /me with an app-only token.',
      'An EWS request the server cannot parse.',
    ],
    fix: ['Paste the response body into `mailbridge diagnose`; the code inside it explains the 400.', 'Check the request URL and parameters against the API documentation.'],
    patterns: { phrases: ['400 Bad Request'] },
    docs: [DOCS.httpSemantics, DOCS.graphErrors], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'HTTP_401', family: 'http-auth', title: 'HTTP 401 Unauthorized',
    cause: 'Authentication failed or was not attempted the way the server wants. The WWW-Authenticate header says which scheme it expects: Basic means the credentials were rejected, Negotiate/NTLM means use Windows authentication, Bearer means OAuth.',
    likelyCauses: [
      'The wrong authentication scheme for this server (Basic sent where only NTLM/Negotiate is enabled).',
      'Wrong or expired credentials, or a locked account.',
      'Basic authentication against Exchange Online, retired since 1 Oct 2022.',
      'An OAuth token for the wrong audience or without the needed role.',
      'NTLM broken by a proxy, a load balancer or Extended Protection.',
    ],
    fix: [
      'Look at the WWW-Authenticate header of the 401 (curl -sv https://<host>/EWS/Exchange.asmx -o /dev/null) and set the profile to a scheme it lists.',
      'Verify the sync account by signing in to OWA with it; reset or unlock it if needed (EX-4).',
      'For Exchange Online use OAuth (Microsoft Graph, or EWS with full_access_as_app), never a password.',
    ],
    patterns: { phrases: ['401 Unauthorized', '(401) Unauthorized', 'HTTP Error 401', 'error code:401', 'Error in calling service, error code:401'] },
    docs: [DOCS.httpSemantics, DOCS.ewsAuthentication, DOCS.basicAuthDeprecation, DOCS.rcaNoAuthMethods], rules: ['EX-4', 'EX-5', 'AG-2'], basis: 'doc',
  },
  {
    code: 'HTTP_403', family: 'http-auth', title: 'HTTP 403 Forbidden',
    cause: 'The server understood who is calling but refuses the request.',
    likelyCauses: [
      'On-premises: http:// used where the virtual directory requires SSL (IIS 403.4).',
      'EWS is disabled for the mailbox or the organisation (Set-CASMailbox -EwsEnabled $false, Set-OrganizationConfig -EwsEnabled $false), or blocked by an EWS application access policy (EwsBlockList/EwsAllowList).',
      'Exchange Online from October 2026: the app is not in the EWS allow list (EWSAllowedAppIDs), or a retirement "scream test" block.',
      'Graph: missing permission, no admin consent, or an application access policy (the body says ErrorAccessDenied or Authorization_RequestDenied).',
      'Conditional Access blocks this location.',
    ],
    fix: [
      'Use https:// in the profile.',
      'Check EWS access: Get-CASMailbox <user> | fl Ews* and Get-OrganizationConfig | fl Ews*; both must allow EWS (since April 2025 Exchange Online requires both).',
      'Paste the response body into `mailbridge diagnose`; a Graph or EWS code in it is more precise than the 403.',
    ],
    patterns: { phrases: ['403 Forbidden', '(403) Forbidden', 'HTTP Error 403'] },
    docs: [DOCS.httpSemantics, DOCS.rcaSsl403, DOCS.ewsEnabledChange, DOCS.ewsAccessControl], rules: ['EX-1', 'AG-2'], basis: 'doc',
  },
  {
    code: 'HTTP_404', family: 'other', title: 'HTTP 404 Not Found (EWS path missing)',
    cause: 'The web server has no such path: the URL does not reach the EWS virtual directory (/EWS/Exchange.asmx) on an Exchange server.',
    likelyCauses: [
      'The host is not Exchange (a web server or reverse proxy that does not publish /EWS).',
      'A typo or extra path in the virtual directory (/owa/EWS, /ews/exchange.asmx/).',
      'The EWS virtual directory is missing or broken on that server.',
      'The proxy publishing rule only covers /owa.',
      'Graph: the user or item does not exist (the body carries a Graph code).',
    ],
    fix: [
      'Open https://<host>/EWS/Exchange.asmx in a browser: it should ask for credentials and then show the service page.',
      'Leave the virtual directory field empty to use the default /EWS/Exchange.asmx (EX-7).',
      'Compare with Get-WebServicesVirtualDirectory | fl Server,InternalUrl,ExternalUrl; recreate a broken one with Remove-WebServicesVirtualDirectory / New-WebServicesVirtualDirectory.',
      'Publish /EWS on the reverse proxy.',
    ],
    patterns: { phrases: ['404 Not Found', '(404) Not Found', 'HTTP Error 404'] },
    docs: [DOCS.httpSemantics, DOCS.setWebServicesVirtualDirectory], rules: ['EX-1', 'EX-7', 'AG-2'], basis: 'inference',
  },
  {
    code: 'HTTP_405', family: 'other', title: 'HTTP 405 Method Not Allowed',
    cause: 'The server or a proxy does not allow this HTTP method on that URL; for EWS (which needs POST) this usually means the URL is not the EWS endpoint.',
    fix: ['Check the EWS URL (https://<host>/EWS/Exchange.asmx).', 'Check proxy or WAF rules that restrict methods on /EWS.'],
    patterns: { phrases: ['405 Method Not Allowed'] },
    docs: [DOCS.httpSemantics], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'HTTP_407', family: 'http-auth', title: 'HTTP 407 Proxy Authentication Required',
    cause: 'An HTTP proxy between mailbridge and the server wants credentials before it forwards the request.',
    fix: [
      'Ask the network team for a proxy rule that lets the agent host through without authentication, or exempt the Exchange host / Microsoft 365 endpoints from the proxy.',
      'If the proxy must authenticate, configure its credentials for the agent as a secret, not on the command line.',
    ],
    patterns: {},
    docs: [DOCS.httpSemantics, DOCS.m365Endpoints], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'HTTP_408', family: 'other', title: 'HTTP 408 Request Timeout',
    cause: 'The server or a proxy gave up waiting for the complete request.',
    fix: ['Retry; if it repeats for large uploads, check the proxy request time-out and upload size limits.'],
    patterns: { phrases: ['408 Request Timeout'] },
    docs: [DOCS.httpSemantics], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'HTTP_410', family: 'sync-state', title: 'HTTP 410 Gone (delta or sync state expired)',
    cause: 'For Graph delta queries a 410 means the stored delta token or sync state is no longer valid; the body says syncStateNotFound, syncStateInvalid or resyncRequired.',
    fix: [
      'mailbridge discards the stored delta link and runs a full resync of that folder, then de-duplicates; no action is needed unless it repeats.',
      'If it repeats, check that only the latest @odata.deltaLink is stored and that no older link is replayed.',
    ],
    patterns: { phrases: ['410 Gone'] },
    docs: [DOCS.graphDelta, DOCS.graphErrors], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'HTTP_413', family: 'other', title: 'HTTP 413 Payload Too Large',
    cause: 'The request body is larger than the server or a proxy accepts (large attachments, big batches).',
    fix: [
      'Reduce the batch size or send large attachments with an upload session (Graph).',
      'On-premises, check IIS maxAllowedContentLength and the EWS maxReceivedMessageSize; on proxies, the body size limit.',
    ],
    patterns: { phrases: ['Request Entity Too Large', 'Payload Too Large'] },
    docs: [DOCS.httpSemantics, DOCS.exoLimits], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'HTTP_429', family: 'throttling', title: 'HTTP 429 Too Many Requests (throttled)',
    cause: 'The service throttles this client. Microsoft Graph limits Outlook access per app and mailbox: 4 concurrent requests, 10,000 requests per 10 minutes and 150 MB of uploads per 5 minutes; the Retry-After header says how many seconds to wait.',
    likelyCauses: [
      'More than 4 parallel requests to one mailbox.',
      'Bulk sync loops without paging, $select or delta queries.',
      'Several agents or apps using the same app ID against one mailbox.',
    ],
    fix: [
      'Wait the number of seconds in Retry-After before retrying; mailbridge does this itself.',
      'Lower the per-mailbox concurrency to 4 or fewer and lengthen the sync interval (at least 10 minutes, EX-7).',
      'Make sure only one agent syncs each mailbox with this app registration.',
    ],
    patterns: { aliases: ['TooManyRequests'], phrases: ['Retry-After'] },
    docs: [DOCS.graphThrottling, DOCS.graphThrottlingLimits], rules: ['EX-7', 'AG-2'], basis: 'doc', specificity: 60,
  },
  {
    code: 'HTTP_440', family: 'http-auth', title: 'HTTP 440 Login Timeout (forms login answered)',
    cause: "A forms-based login (OWA forms authentication, or a TMG/UAG-style publishing proxy) answered instead of EWS. It is not an EWS answer: the URL or the proxy's authentication is wrong for a program.",
    likelyCauses: [
      'The profile points at the OWA URL (/owa/) instead of /EWS/Exchange.asmx.',
      'EWS is published through a reverse proxy that does forms authentication.',
      'A session cookie expired in a cookie-based setup.',
    ],
    fix: [
      'Set the EWS URL to https://<host>/EWS/Exchange.asmx (empty virtual directory field).',
      'Configure the reverse proxy to pass Basic/NTLM through on /EWS instead of forms authentication.',
    ],
    patterns: {},
    docs: [DOCS.iisStatusCodes, DOCS.ewsAuthentication], rules: ['EX-1', 'AG-2'], basis: 'issue',
  },
  {
    code: 'HTTP_456', family: 'mfa', title: 'HTTP 456: multi-factor authentication required',
    cause: 'Exchange Online requires multi-factor authentication for this account, which a Basic (password) client cannot do; the header X-AutoDiscovery-Error: LiveIdBasicAuth:AppPasswordRequired says so.',
    fix: [
      'Move the integration to OAuth (Microsoft Graph with an app registration); Basic authentication for EWS in Exchange Online is retired anyway.',
      'Do not rely on app passwords; they were a legacy stop-gap.',
    ],
    patterns: { phrases: ['AppPasswordRequired', 'LiveIdBasicAuth'] },
    docs: [DOCS.basicAuthDeprecation, DOCS.entraMfaSetup], rules: ['EX-5', 'AG-2'], basis: 'issue', specificity: 70, refines: ['HTTP_401'],
  },
  {
    code: 'HTTP_500', family: 'ews', title: 'HTTP 500 Internal Server Error',
    cause: 'For EWS a 500 usually carries a SOAP fault whose body holds the real error code; otherwise IIS or the Exchange application pool failed.',
    likelyCauses: [
      'A SOAP fault: ErrorSchemaValidation, ErrorInvalidExchangeImpersonationHeaderData, ErrorImpersonateUserDenied or ErrorServerBusy (paste the body).',
      'Impersonation without the X-AnchorMailbox header (Exchange Online and multi-server on-premises).',
      'The MSExchangeServicesAppPool crashed or recycled.',
      'A transient back-end or failover problem.',
    ],
    fix: [
      'Paste the full response body into `mailbridge diagnose`; the ResponseCode or faultcode explains the 500.',
      'With impersonation, send X-AnchorMailbox: <target SMTP address> (mailbridge does).',
      'Retry transient failures; if they persist, check the Application event log and IIS logs on the Exchange server.',
    ],
    patterns: { phrases: ['500 Internal Server Error', '(500) Internal Server Error', 'HTTP Error 500'] },
    docs: [DOCS.httpSemantics, DOCS.ewsImpersonation, DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc', specificity: 25,
  },
  {
    code: 'HTTP_501', family: 'other', title: 'HTTP 501 Not Implemented',
    cause: 'The server or a proxy does not support the requested method or feature; Graph returns 501 for operations not implemented for that resource.',
    fix: ['Check the Graph API version (/v1.0 vs /beta) and whether the operation is supported for this resource.', 'Test without the proxy; some proxies reject unusual methods or chunked encoding.'],
    patterns: { phrases: ['501 Not Implemented'] },
    docs: [DOCS.graphErrors, DOCS.httpSemantics], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'HTTP_502', family: 'other', title: 'HTTP 502 Bad Gateway',
    cause: 'A reverse proxy or load balancer got no valid answer from the Exchange back end.',
    likelyCauses: [
      'The Exchange back end is down or restarting.',
      'The proxy cannot connect to Exchange over TLS (untrusted Exchange certificate, protocol mismatch).',
      'The back end sent oversized or malformed headers.',
    ],
    fix: ['Test Exchange directly, bypassing the proxy.', 'Read the proxy error log for the back-end failure.', 'Retry with backoff.'],
    patterns: { phrases: ['502 Bad Gateway'] },
    docs: [DOCS.httpSemantics, DOCS.cloudflare5xx], rules: ['AG-2'], basis: 'inference',
  },
  {
    code: 'HTTP_503', family: 'throttling', title: 'HTTP 503 Service Unavailable',
    cause: 'The server is overloaded or a service is stopped. For EWS a 503 means requests are queuing in IIS; Exchange Online and Graph send Retry-After.',
    likelyCauses: [
      'The server or Exchange Online is busy (throttling, EWS budget).',
      'The MSExchangeServicesAppPool is stopped.',
      'Impersonation without the X-AnchorMailbox header.',
      'A mailbox move or database failover.',
    ],
    fix: [
      'Honour Retry-After and back off exponentially; mailbridge does this.',
      'Reduce concurrency for this mailbox or account.',
      'On-premises: check that MSExchangeServicesAppPool runs (IIS Manager > Application Pools).',
    ],
    patterns: { phrases: ['503 Service Unavailable', '(503) Server Unavailable', 'HTTP Error 503'] },
    docs: [DOCS.ewsThrottling, DOCS.graphThrottling], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'HTTP_504', family: 'other', title: 'HTTP 504 Gateway Timeout',
    cause: 'A gateway (the Graph front end or a proxy) timed out waiting for the back end. Graph answers with code UnknownError and an empty message.',
    likelyCauses: [
      'Heavy Graph mail queries (large $top, $filter/$orderby on big folders, $expand attachments).',
      'A proxy time-out shorter than a long EWS call (FindItem, SyncFolderItems, streaming).',
      'A problem with one specific mailbox.',
    ],
    fix: [
      'Retry with backoff.',
      'Request smaller pages ($top 10-50, $select only needed fields) and follow @odata.nextLink.',
      'Raise proxy time-outs; if only one mailbox is affected, open a Microsoft support case with the request-id.',
    ],
    patterns: { phrases: ['504 Gateway Timeout', '504 Gateway Time-out'] },
    docs: [DOCS.graphErrors, DOCS.httpSemantics], rules: ['AG-2'], basis: 'issue',
  },
  {
    code: 'HTTP_524', family: 'mfa', title: 'Error 524: time-out when signing in again',
    cause: 'A time-out (error 524) when a user signs in to Microsoft again to reconnect the mailbox is caused by two-factor authentication not being set up on that Microsoft account (O365-6). As a generic HTTP status, 524 is Cloudflare\'s "a timeout occurred": the origin sent no answer within 100 seconds.',
    likelyCauses: [
      'During re-login (O365-6): two-factor authentication was never set up on the Microsoft account.',
      'Behind Cloudflare: a long EWS or Graph operation ran longer than 100 seconds in one request.',
      'The origin server is overloaded.',
    ],
    fix: [
      'If it happened while signing in again: have the user set up two-factor authentication on the Microsoft account (https://aka.ms/mfasetup, or the admin enables it in the Microsoft 365 admin center), then sign in again and re-authenticate the connection.',
      'If the request goes through Cloudflare: move long work to background jobs, or use a non-proxied host name for the endpoint.',
    ],
    patterns: { phrases: ['Error code 524', 'cf-error-code'] },
    docs: [DOCS.entraMfaSetup, DOCS.cloudflare524], rules: ['O365-6', 'O365-5', 'AG-2'], basis: 'doc', specificity: 45,
  },
];

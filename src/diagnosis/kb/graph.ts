/**
 * Microsoft Graph error codes the mail connector meets, exactly as Graph sends them in
 * `{"error":{"code":…}}` (error-catalog.md §8). ErrorAccessDenied and ErrorItemNotFound
 * are shared with EWS and live in the EWS files.
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

const DECODE_TOKEN = 'Decode the access token at https://jwt.ms: an app-only token must list the application permissions in roles (e.g. Mail.ReadWrite); an empty roles claim means admin consent is missing.';

export const GRAPH_ENTRIES: KbEntry[] = [
  {
    code: 'MB_APPLICATION_ACCESS_POLICY_DENIED', family: 'permissions', title: 'Application access policy excludes this mailbox',
    cause: 'Exchange Online refused the app access to this mailbox ("Access to OData is disabled"): an application access policy or RBAC for Applications scope restricts the app to other mailboxes.',
    likelyCauses: [
      'An application access policy (RestrictAccess) whose group does not contain this mailbox, or a DenyAccess policy that does.',
      'An RBAC for Applications management scope that excludes the mailbox.',
      'A mailbox on-premises (hybrid) that Graph cannot serve.',
    ],
    fix: [
      'In Exchange Online PowerShell: Test-ApplicationAccessPolicy -Identity <mailbox> -AppId <client-id> shows Granted or Denied.',
      'List policies with Get-ApplicationAccessPolicy; add the mailbox to the policy\'s mail-enabled security group, or adjust the policy (New-ApplicationAccessPolicy -AccessRight RestrictAccess -AppId <id> -PolicyScopeGroupId <group>).',
      'Or manage scopes with RBAC for Applications (New-ManagementScope, New-ManagementRoleAssignment -App <id> -Role "Application Mail.ReadWrite" -CustomResourceScope <scope>).',
      'Changes can take more than an hour to reach Graph; test again later.',
    ],
    patterns: { phrases: ['Access to OData is disabled', 'blocked by tenant administrator', 'application access policy'] },
    docs: [DOCS.graphLimitMailboxAccess, DOCS.testApplicationAccessPolicy, DOCS.newApplicationAccessPolicy, DOCS.rbacForApplications], rules: ['AG-2'], basis: 'doc', specificity: 92, refines: ['ErrorAccessDenied', 'ExtensionError', 'HTTP_403'],
  },
  {
    code: 'Authorization_RequestDenied', family: 'permissions', title: 'Insufficient directory privileges',
    cause: 'Entra ID refused a directory operation (for example listing users to find mailboxes): the app lacks the directory permission or admin consent.',
    likelyCauses: [
      'The application permission User.Read.All (or Directory.Read.All) is missing or not consented.',
      'A delegated permission was configured where an application permission is needed.',
      'The signed-in user lacks a directory role (delegated access).',
    ],
    fix: [
      'App registration > API permissions > Add a permission > Microsoft Graph > Application permissions > User.Read.All, then Grant admin consent.',
      'Get a new token (roles are fixed in the token): restart the check or wait for the token to renew.',
      DECODE_TOKEN,
    ],
    patterns: { phrases: ['Insufficient privileges to complete the operation'] },
    docs: [DOCS.graphErrors, DOCS.graphPermissions, DOCS.entraAdminConsent], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'InvalidAuthenticationToken', family: 'graph', title: 'Graph rejected the access token',
    cause: 'Microsoft Graph did not accept the token: it was issued for another resource, has expired, or the Authorization header is malformed.',
    likelyCauses: [
      'A token for another audience (https://outlook.office365.com for EWS, or your own API) sent to Graph.',
      'An expired token that was not renewed.',
      'A malformed header (Bearer undefined, quotes).',
    ],
    fix: [
      'Request the token with scope https://graph.microsoft.com/.default.',
      'Decode it at https://jwt.ms and check aud (https://graph.microsoft.com) and exp.',
      'If the connection was a user sign-in that expired, re-authenticate it (O365-5).',
    ],
    patterns: { phrases: ['Access token validation failure', 'Access token has expired', 'IDX14100', 'Lifetime validation failed'] },
    docs: [DOCS.graphErrors, DOCS.graphAuthAppOnly], rules: ['O365-5', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MailboxNotEnabledForRESTAPI', family: 'mailbox', title: 'Mailbox not reachable through the REST API',
    cause: 'Exchange Online has no mailbox that Graph can serve for this user: no licence or mailbox, an on-premises mailbox, or an inactive or soft-deleted one.',
    likelyCauses: [
      'The user has no Exchange Online licence or mailbox (or the licence was just assigned and provisioning is pending).',
      'The mailbox is on-premises (hybrid) without hybrid REST support.',
      'The mailbox is inactive or soft-deleted.',
      'A guest or consumer account.',
    ],
    fix: [
      'Microsoft 365 admin center > Users > Active users > <user> > Licenses and apps: assign a licence that includes Exchange Online, then wait for provisioning (up to a few hours).',
      'In Exchange Online PowerShell: Get-Mailbox <upn>; no result means the mailbox is not in Exchange Online.',
      'For on-premises mailboxes use an on-premises EWS profile instead of Graph.',
    ],
    patterns: { phrases: ['REST API is not yet supported for this mailbox', 'The mailbox is either inactive, soft-deleted, or is hosted on-premise'] },
    docs: [DOCS.restNotSupported, DOCS.graphErrors], rules: ['O365-1', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MailboxNotSupportedForRESTAPI', family: 'mailbox', title: 'Mailbox type not supported by the REST API',
    cause: 'The mailbox type is not supported by the REST API (reported by Graph for some special mailboxes).',
    fix: [
      'Check the mailbox type: Get-Mailbox <upn> | fl RecipientTypeDetails.',
      'Use a user or shared mailbox for the integration; for on-premises mailboxes use EWS.',
    ],
    patterns: {},
    docs: [DOCS.restNotSupported], rules: ['AG-2'], basis: 'inference',
  },
  {
    code: 'ErrorInvalidUser', family: 'graph', title: 'User cannot be resolved to a mailbox',
    cause: 'Exchange could not resolve the requested user to a mailbox.',
    likelyCauses: [
      'The user has no mailbox (unlicensed, or just created).',
      'The wrong ID form (objectId@tenantId, a typo in the UPN).',
      'The user is in another tenant.',
      'The primary SMTP address differs from the UPN.',
    ],
    fix: [
      'Look the user up: GET /users/<upn>?$select=mail,userPrincipalName,assignedLicenses.',
      'Use the UPN or the primary SMTP address in the profile; assign a licence and wait if there is no mailbox.',
    ],
    patterns: {},
    docs: [DOCS.graphErrors], rules: ['MEM-5', 'AG-2'], basis: 'issue',
  },
  {
    code: 'ErrorNonExistentMailbox', family: 'mailbox', title: 'No mailbox for this address',
    cause: 'The address does not resolve to a mailbox in this Exchange organisation or server.',
    likelyCauses: [
      'A typo, an alias, or the address of a contact, distribution list or mail user.',
      'The mailbox moved to Exchange Online: on-premises it is now a RemoteUserMailbox that on-premises EWS cannot open.',
      'A new mailbox that is not provisioned yet.',
    ],
    fix: [
      'Check the recipient: Get-Recipient <address> | fl RecipientTypeDetails,PrimarySmtpAddress.',
      'For a RemoteUserMailbox, connect through Exchange Online (a Graph profile).',
      'Use the primary SMTP address; for a new mailbox retry later.',
    ],
    patterns: { phrases: ['The SMTP address has no mailbox associated with it', 'No mailbox with such guid'] },
    docs: [DOCS.ewsResponseCode, DOCS.graphErrors], rules: ['MEM-5', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ExtensionError', family: 'permissions', title: 'Exchange refused the request (ExtensionError)',
    cause: 'Graph passed the request to Exchange, which refused it. With "Access to OData is disabled" the mailbox is on-premises without federated Graph support, or an application policy blocks access.',
    fix: [
      'Check the application access policy: Test-ApplicationAccessPolicy -Identity <mailbox> -AppId <client-id>.',
      'Check where the mailbox lives (Get-Mailbox in Exchange Online returns nothing for on-premises mailboxes); use EWS on-premises for those.',
    ],
    patterns: {},
    docs: [DOCS.graphErrors, DOCS.graphLimitMailboxAccess], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'syncStateNotFound', family: 'sync-state', title: 'Delta sync state not found',
    cause: 'The delta token refers to a sync state the server no longer has (HTTP 410): the token is too old, an older link was reused, or the mailbox moved.',
    fix: [
      'mailbridge discards the stored delta link and runs a full resync of the folder, then de-duplicates; nothing to do unless it repeats.',
      'If it repeats, make sure only one agent syncs this mailbox and that only the latest @odata.deltaLink is kept.',
    ],
    patterns: { aliases: ['SyncStateNotFound'], phrases: ['The sync state generation is not found'] },
    docs: [DOCS.graphDelta, DOCS.graphErrors], rules: ['AG-2'], basis: 'doc', refines: ['HTTP_410'],
  },
  {
    code: 'syncStateInvalid', family: 'sync-state', title: 'Delta sync state invalid',
    cause: 'The delta token is not valid for this resource (HTTP 410 or 400): it was altered, truncated, or belongs to another folder or query.',
    fix: ['mailbridge restarts the delta sync without a token (full resync) and de-duplicates.', 'If it repeats, check the store for truncated delta links.'],
    patterns: {},
    docs: [DOCS.graphDelta, DOCS.graphErrors], rules: ['AG-2'], basis: 'doc', refines: ['HTTP_410'],
  },
  {
    code: 'resyncRequired', family: 'sync-state', title: 'Resync required',
    cause: 'The delta token is no longer valid and the service asks the client to resynchronise: replace local items with the server\'s version.',
    fix: ['mailbridge runs a full enumeration without a token and merges the result; no action needed unless it repeats every cycle.'],
    patterns: { phrases: ['Resync required'] },
    docs: [DOCS.graphDelta, DOCS.graphErrors], rules: ['AG-2'], basis: 'doc', refines: ['HTTP_410'],
  },
  {
    code: 'ApplicationThrottled', family: 'throttling', title: 'Graph throttled the application for this mailbox',
    cause: 'Outlook limits each app per mailbox: 4 concurrent requests, 10,000 requests per 10 minutes, 150 MB of uploads per 5 minutes. This app exceeded one (often "MailboxConcurrency").',
    likelyCauses: [
      'More than 4 parallel requests to one mailbox.',
      'Bulk loops without paging, $select or delta queries.',
      'Several agents using the same app ID against one mailbox.',
    ],
    fix: [
      'Honour Retry-After (seconds) before retrying; mailbridge does this.',
      'Cap concurrency at 4 per mailbox and use delta queries; lengthen the sync interval.',
      'Make sure only one agent uses this app registration for each mailbox.',
    ],
    patterns: { phrases: ['MailboxConcurrency', 'Application is over its'] },
    docs: [DOCS.graphThrottlingLimits, DOCS.graphThrottling], rules: ['AG-2'], basis: 'doc', refines: ['HTTP_429'],
  },
  {
    code: 'activityLimitReached', family: 'throttling', title: 'Graph activity limit reached',
    cause: 'The app or user reached a Graph activity limit and is throttled for a while.',
    fix: ['Wait the Retry-After period and reduce the request rate.'],
    patterns: {},
    docs: [DOCS.graphErrors, DOCS.graphThrottling], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'UnknownError', family: 'graph', title: 'Graph returned UnknownError',
    cause: 'Graph reports an unspecified failure, often with an empty message behind an HTTP 504 gateway time-out for a heavy query.',
    fix: [
      'Retry with backoff.',
      'Reduce the page size ($top) and $select only needed fields.',
      'If it persists for one mailbox, open a Microsoft support case with the request-id and date from innerError.',
    ],
    patterns: {},
    docs: [DOCS.graphErrors], rules: ['AG-2'], basis: 'issue', specificity: 40,
  },
  {
    code: 'generalException', family: 'graph', title: 'Graph returned a general exception',
    cause: 'An unspecified error occurred while Graph processed the request.',
    fix: ['Retry with backoff; if it persists, open a Microsoft support case with the request-id and date from innerError.'],
    patterns: {},
    docs: [DOCS.graphErrors], rules: ['AG-2'], basis: 'doc', specificity: 40,
  },
  {
    code: 'Request_ResourceNotFound', family: 'graph', title: 'Directory object not found',
    cause: 'The user, group or object requested from the directory does not exist (or the app cannot see it).',
    fix: ['Check the ID or UPN in the profile and that the object exists in this tenant (Microsoft 365 admin center > Users).'],
    patterns: {},
    docs: [DOCS.graphErrors], rules: ['MEM-5', 'AG-2'], basis: 'doc',
  },
  {
    code: 'insufficient_claims', family: 'mfa', title: 'Claims challenge (Conditional Access)',
    cause: 'Graph answered with a claims challenge: Conditional Access or Continuous Access Evaluation requires a new token with additional claims (for example after a location change or session revocation).',
    fix: [
      'Delegated connections: re-authenticate interactively from the console; mailbridge passes the claims to the sign-in (O365-5).',
      'App-only: an administrator checks Conditional Access policies for workload identities.',
    ],
    patterns: {},
    docs: [DOCS.entraClaimsChallenge, DOCS.graphErrors], rules: ['O365-5', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_GRAPH_ME_WITH_APP_TOKEN', family: 'config', title: '/me used with app-only access',
    cause: 'The request used /me, which only works with a signed-in user; an app-only (client credentials) token has no user.',
    fix: ['Address the mailbox explicitly: /users/<UPN or id>/…; in mailbridge, set the mailbox address in the profile.'],
    patterns: { phrases: ['/me request is only valid with delegated authentication flow'] },
    docs: [DOCS.graphAuthAppOnly], rules: ['AG-2'], basis: 'issue', refines: ['HTTP_400'],
  },
  {
    code: 'ErrorInvalidIdMalformed', family: 'graph', title: 'Item ID malformed',
    cause: 'The item or folder ID is not in a valid format for this API (an EWS ID used with Graph, or a truncated ID).',
    fix: [
      'Translate IDs between formats with POST /users/<id>/translateExchangeIds.',
      'Use immutable IDs (Prefer: IdType="ImmutableId") so IDs survive moves.',
    ],
    patterns: { phrases: ['Id is malformed'] },
    docs: [DOCS.graphImmutableIds, DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
];

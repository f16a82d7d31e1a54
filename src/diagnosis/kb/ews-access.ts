/**
 * EWS access and impersonation failures (error-catalog.md §7): who may open which
 * mailbox, on-premises (ApplicationImpersonation, mailbox and folder permissions) and in
 * Exchange Online (full_access_as_app, application access policies).
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

const ON_PREM_ROLE = 'On-premises, in the Exchange Management Shell: New-ManagementRoleAssignment -Name "mailbridge impersonation" -Role ApplicationImpersonation -User <sync-account> (add -CustomRecipientWriteScope <scope> to limit it to the synced mailboxes).';

export const EWS_ACCESS_ENTRIES: KbEntry[] = [
  {
    code: 'ErrorAccessDenied', family: 'permissions', title: 'Access denied to the mailbox or folder',
    cause: 'Exchange refused the caller access to the mailbox, folder or action ("Access is denied. Check credentials and try again.").',
    likelyCauses: [
      'The sync account has no FullAccess or folder permission on the target mailbox, and impersonation is not used.',
      'Graph/app-only: the token carries only delegated permissions, a permission is missing, or admin consent was never granted (roles is empty).',
      'An application access policy or RBAC for Applications scope excludes this mailbox.',
      'EWS is blocked for the mailbox or organisation (EwsEnabled, EWS application access policy).',
    ],
    fix: [
      ON_PREM_ROLE,
      'Or grant the sync account access to the mailbox: Add-MailboxPermission -Identity <mailbox> -User <sync-account> -AccessRights FullAccess -AutoMapping $false.',
      'Graph: App registration > API permissions > Application permissions (Mail.ReadWrite, Calendars.ReadWrite) > Grant admin consent; then Test-ApplicationAccessPolicy -Identity <mailbox> -AppId <client-id>.',
      'Check EWS access: Get-CASMailbox <mailbox> | fl EwsEnabled and Get-OrganizationConfig | fl EwsEnabled.',
    ],
    patterns: { phrases: ['Access is denied. Check credentials and try again'] },
    docs: [DOCS.ewsResponseCode, DOCS.graphErrors, DOCS.addMailboxPermission, DOCS.graphLimitMailboxAccess], rules: ['EX-1', 'EX-10', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorImpersonateUserDenied', family: 'permissions', title: 'Sync account may not impersonate this user',
    cause: 'The sync account lacks the right to impersonate the requested mailbox (the ApplicationImpersonation role), or the role\'s scope excludes it. Exchange often sends this as a SOAP fault with HTTP 500.',
    likelyCauses: [
      'On-premises: the ApplicationImpersonation role is not assigned to the sync account, or its management scope excludes the user.',
      'The account is an administrator but has no impersonation role (administrator rights do not include impersonation).',
      'Exchange Online: the ApplicationImpersonation role was retired in February 2025, so service-account impersonation cannot be fixed by granting it.',
    ],
    fix: [
      ON_PREM_ROLE,
      'Verify: Get-ManagementRoleAssignment -Role ApplicationImpersonation -GetEffectiveUsers | where EffectiveUserName -eq <sync-account>.',
      'Exchange Online: switch to a Graph profile with an app registration (Mail.ReadWrite, Calendars.ReadWrite application permissions), scoped with New-ApplicationAccessPolicy or RBAC for Applications.',
      'Or choose per-user credentials instead of one sync account for all users (EX-10).',
    ],
    patterns: { phrases: ['The account does not have permission to impersonate the requested user'] },
    docs: [DOCS.ewsConfigureImpersonation, DOCS.newManagementRoleAssignment, DOCS.impersonationRetirement, DOCS.rcaImpersonation], rules: ['EX-10', 'EX-4', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorImpersonationDenied', family: 'permissions', title: 'Impersonation right missing on the Client Access server',
    cause: 'The caller lacks the ms-Exch-EPI-Impersonation right on the Client Access server (the Exchange 2007-era permission model).',
    fix: [
      ON_PREM_ROLE,
      'On Exchange 2007, grant ms-Exch-EPI-Impersonation on the Client Access servers and ms-Exch-EPI-May-Impersonate on the mailboxes (Add-ADPermission).',
    ],
    patterns: {},
    docs: [DOCS.ewsResponseCode, DOCS.ewsConfigureImpersonation], rules: ['EX-10', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorImpersonationFailed', family: 'permissions', title: 'Impersonation failed',
    cause: 'Impersonation failed for a reason other than permission: the target could not be resolved, or it is not a mailbox-enabled user.',
    fix: [
      'Use the primary SMTP address of a mailbox-enabled user as the impersonation target (Get-Recipient <address> | fl RecipientTypeDetails,PrimarySmtpAddress).',
    ],
    patterns: {},
    docs: [DOCS.ewsResponseCode, DOCS.ewsImpersonation], rules: ['EX-10', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorInvalidExchangeImpersonationHeaderData', family: 'ews', title: 'Impersonation header wrong for this token type',
    cause: 'The ExchangeImpersonation header does not fit the OAuth token: an app-only token needs the header ("must be present"), a delegated token must not carry it ("must not exist").',
    likelyCauses: [
      'An app-only (full_access_as_app) token used without ExchangeImpersonation.',
      'A delegated token (or Basic) sent with the impersonation header.',
      'A bad SMTP address in the header.',
    ],
    fix: [
      'App-only: impersonate the target mailbox (ConnectingIdType SmtpAddress) and send X-AnchorMailbox: <mailbox>.',
      'Delegated: remove impersonation and access the other mailbox through delegate permissions.',
    ],
    patterns: { phrases: ['ExchangeImpersonation SOAP header must be present', 'ExchangeImpersonation SOAP header must not exist'] },
    docs: [DOCS.ewsOAuth, DOCS.ewsImpersonation], rules: ['EX-10', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorCreateItemAccessDenied', family: 'permissions', title: 'No permission to create items in the folder',
    cause: 'The account (or the impersonated user) may not create items in the target folder.',
    fix: [
      'Grant folder rights: Add-MailboxFolderPermission -Identity <mailbox>:\\Calendar -User <sync-account> -AccessRights Editor.',
      'Or use impersonation (ApplicationImpersonation) so mailbridge acts as the mailbox owner.',
    ],
    patterns: {},
    docs: [DOCS.ewsResponseCode, DOCS.addMailboxFolderPermission], rules: ['EX-10', 'EX-12', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorCannotDeleteObject', family: 'permissions', title: 'Item cannot be deleted',
    cause: 'Exchange could not delete the item: the account lacks delete rights on the folder, or the item is protected.',
    fix: [
      'Grant rights that include delete: Add-MailboxFolderPermission -Identity <mailbox>:\\<folder> -User <sync-account> -AccessRights Editor.',
      'Or use impersonation so mailbridge acts as the owner.',
    ],
    patterns: {},
    docs: [DOCS.ewsResponseCode, DOCS.addMailboxFolderPermission], rules: ['EX-10', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorSendAsDenied', family: 'permissions', title: 'No Send As permission',
    cause: 'The account tried to send as another mailbox without Send As permission.',
    fix: [
      'Grant Send As: Add-RecipientPermission <mailbox> -Trustee <sync-account> -AccessRights SendAs (Exchange Online) or Add-ADPermission -ExtendedRights "Send As" (on-premises).',
    ],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorProxyRequestNotAllowed', family: 'permissions', title: 'Cross-server proxy request not allowed',
    cause: 'The Client Access server would have to proxy the request to another server or site and the caller is not allowed to do so.',
    fix: ['Connect to a Client Access server in the mailbox\'s site (use Autodiscover to find it) or check the Exchange proxy configuration.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode, DOCS.ewsAutodiscover], rules: ['AG-2'], basis: 'doc',
  },
];

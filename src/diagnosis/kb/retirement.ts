/**
 * "It used to work": Microsoft's retirements in Exchange Online (error-catalog.md §1),
 * with their dates. Exchange Server on-premises is not affected by any of them.
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const RETIREMENT_ENTRIES: KbEntry[] = [
  {
    code: 'MB_EXO_BASIC_AUTH_RETIRED', family: 'http-auth', title: 'Basic authentication is retired in Exchange Online',
    cause: 'Microsoft began disabling Basic authentication (user name and password) for EWS, EAS, POP, IMAP and remote PowerShell in Exchange Online on 1 October 2022. A password login to outlook.office365.com now fails with 401.',
    fix: [
      'Create a Graph profile: register an app in the Entra admin center (App registrations > New registration), add application permissions (Mail.ReadWrite, Calendars.ReadWrite), grant admin consent, and store a client secret or certificate in mailbridge.',
      'On-premises Exchange keeps Basic/NTLM; prefer NTLM there (EX-5).',
    ],
    patterns: { phrases: ['Basic authentication is disabled', 'basic authentication is not supported'] },
    docs: [DOCS.basicAuthDeprecation, DOCS.graphAuthAppOnly], rules: ['EX-5', 'AG-2'], basis: 'doc', specificity: 89, refines: ['HTTP_401', 'MB_AUTH_BEARER_REQUIRED', 'MB_AUTH_BASIC_REJECTED'],
  },
  {
    code: 'MB_EWS_ON_EXCHANGE_ONLINE', family: 'config', title: 'EWS against Exchange Online is being retired',
    cause: 'The profile uses EWS against Exchange Online (outlook.office365.com). Microsoft disables EWS in Exchange Online in phases from 1 October 2026 and shuts it down permanently on 1 April 2027; in between it works only for apps on the tenant\'s EWS allow list (EWSAllowedAppIDs) with EWSEnabled set to True.',
    fix: [
      'Switch the profile to Microsoft Graph (an app registration with Mail.ReadWrite and Calendars.ReadWrite application permissions).',
      'Until then, an Exchange Online administrator adds the app to the allow list: Set-OrganizationConfig -EWSEnabled $true and -EWSAllowedAppIDs @{Add="<client-id>"} (configure by end of August 2026).',
    ],
    patterns: { aliases: ['MB_EWS_AGAINST_EXCHANGE_ONLINE'] },
    docs: [DOCS.ewsRetirement, DOCS.setOrganizationConfig], rules: ['EX-5', 'AG-2'], basis: 'doc',
  },
  {
    code: 'MB_EWS_APP_NOT_ALLOWLISTED', family: 'permissions', title: 'App not on the Exchange Online EWS allow list',
    cause: 'Since 1 October 2026 Exchange Online blocks EWS for apps that are not on the tenant\'s EWS allow list (EWSAllowedAppIDs); temporary blocks ("scream tests") announce the final shutdown on 1 April 2027.',
    fix: [
      'Move the integration to Microsoft Graph (the lasting fix).',
      'Until 1 April 2027: Set-OrganizationConfig -EWSEnabled $true -EWSAllowedAppIDs @{Add="<client-id>"} in Exchange Online PowerShell.',
    ],
    patterns: { phrases: ['EWSAllowedAppIDs', 'EWS is disabled for this tenant'] },
    docs: [DOCS.ewsRetirement, DOCS.setOrganizationConfig], rules: ['EX-5', 'AG-2'], basis: 'doc', refines: ['HTTP_403', 'ErrorAccessDenied'],
  },
  {
    code: 'MB_EWS_DISABLED', family: 'permissions', title: 'EWS disabled for the organisation or mailbox',
    cause: 'EWS is switched off (EwsEnabled $false) for the organisation or the mailbox. Since 1 April 2025 Exchange Online allows EWS only if both the organisation and the mailbox allow it; on-premises, EWS must be enabled for the sync account (EX-1).',
    fix: [
      'Check: Get-OrganizationConfig | fl EwsEnabled and Get-CASMailbox <mailbox> | fl EwsEnabled.',
      'Enable it for the mailbox: Set-CASMailbox <mailbox> -EwsEnabled $true (and at organisation level: Set-OrganizationConfig -EwsEnabled $true).',
      'Changes can take 24 hours or more to apply; test again with `mailbridge check <profile>`.',
    ],
    patterns: { phrases: ['EwsEnabled'] },
    docs: [DOCS.setCasMailbox, DOCS.ewsEnabledChange, DOCS.ewsAccessControl], rules: ['EX-1', 'AG-2'], basis: 'doc', refines: ['HTTP_403', 'ErrorAccessDenied'],
  },
  {
    code: 'MB_APPLICATION_IMPERSONATION_RETIRED', family: 'permissions', title: 'ApplicationImpersonation retired in Exchange Online',
    cause: 'Exchange Online blocked new ApplicationImpersonation assignments from September 2024 and removed the role in February 2025. A sync account can no longer impersonate mailboxes there; on-premises Exchange is not affected.',
    fix: [
      'Use a Graph profile with an app registration (application permissions Mail.ReadWrite, Calendars.ReadWrite), which gives the same reach.',
      'Limit it to the synced mailboxes with New-ApplicationAccessPolicy or RBAC for Applications.',
    ],
    patterns: { phrases: ['ApplicationImpersonation role'] },
    docs: [DOCS.impersonationRetirement, DOCS.rbacForApplications, DOCS.newApplicationAccessPolicy], rules: ['EX-10', 'AG-2'], basis: 'doc', specificity: 86, refines: ['ErrorImpersonateUserDenied'],
  },
  {
    code: 'MB_SMTP_AUTH_BASIC_DISABLED', family: 'http-auth', title: 'SMTP AUTH with a password refused by Exchange Online',
    cause: 'Exchange Online refuses SMTP client submission with Basic authentication (535 5.7.139 or 550 5.7.30). Microsoft keeps it unchanged through December 2026, disables it by default for existing tenants at the end of December 2026 (admins can re-enable), and will announce final removal in the second half of 2027.',
    fix: [
      'Send notification mail through Microsoft Graph (sendMail) or SMTP with OAuth instead of a password.',
      'Short term, an administrator can allow SMTP AUTH for the sending mailbox: Set-CASMailbox <mailbox> -SmtpClientAuthenticationDisabled $false.',
    ],
    patterns: { phrases: ['5.7.139', 'Basic authentication is not supported for Client Submission', '5.7.30'] },
    docs: [DOCS.smtpAuthTimeline, DOCS.setCasMailbox], rules: ['EX-11', 'AG-2'], basis: 'doc', refines: ['MB_EXO_BASIC_AUTH_RETIRED'],
  },
  {
    code: 'MB_EXCHANGE_OUT_OF_SUPPORT', family: 'config', title: 'Exchange Server 2016/2019 is out of support',
    cause: 'Exchange Server 2016 and 2019 reached end of support on 14 October 2025: no more security or TLS fixes. Exchange Server Subscription Edition (July 2025) is the supported successor.',
    fix: [
      'Plan the upgrade to Exchange Server Subscription Edition (in-place from Exchange 2019 CU15) or the move to Exchange Online.',
    ],
    patterns: {},
    docs: [DOCS.exchangeEndOfSupport], rules: ['EX-3', 'AG-2'], basis: 'doc',
  },
];

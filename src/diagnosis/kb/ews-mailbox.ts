/**
 * EWS mailbox-state failures (error-catalog.md §7): the mailbox is missing, moving,
 * unreachable, over quota or unlicensed.
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const EWS_MAILBOX_ENTRIES: KbEntry[] = [
  {
    code: 'ErrorMissingEmailAddress', family: 'mailbox', title: 'Account has no mailbox and no target mailbox was named',
    cause: 'The calling account has no mailbox and the request used a well-known folder (Inbox, Calendar) without naming whose.',
    fix: [
      'Set the target mailbox address for each synced user in mailbridge (EX-15); mailbridge then names the mailbox in every folder ID.',
      'Or give the sync account a mailbox, or use impersonation.',
    ],
    patterns: { phrases: ['When making a request as an account that does not have a mailbox'] },
    docs: [DOCS.ewsResponseCode], rules: ['EX-15', 'AG-2'], basis: 'issue',
  },
  {
    code: 'ErrorConnectionFailed', family: 'mailbox', title: 'EWS cannot connect to the mailbox',
    cause: 'The Client Access service could not connect to the mailbox ("Connection did not succeed. Try again later.").',
    likelyCauses: [
      'The mailbox database or server is down, or unreachable from the Client Access server.',
      'The mailbox sits on an unhealthy or failed-over database copy.',
      'A back-end proxy or permission problem.',
    ],
    fix: [
      'Retry later; mailbridge backs off.',
      'Administrator: Get-MailboxDatabaseCopyStatus and Test-ServiceHealth on the mailbox server; read its Application event log.',
    ],
    patterns: { phrases: ['Connection did not succeed. Try again later'] },
    docs: [DOCS.ewsResponseCode, DOCS.getMailboxDatabaseCopyStatus], rules: ['EX-11', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorMailboxStoreUnavailable', family: 'mailbox', title: 'Mailbox database unavailable',
    cause: 'The mailbox database is temporarily unavailable (dismounted, failing over, maintenance).',
    fix: ['Retry with backoff.', 'Administrator: Get-MailboxDatabase -Status | fl Name,Mounted and Get-MailboxDatabaseCopyStatus.'],
    patterns: { phrases: ['mailbox store is unavailable'] },
    docs: [DOCS.ewsResponseCode, DOCS.getMailboxDatabaseCopyStatus], rules: ['EX-11', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorMailboxMoveInProgress', family: 'mailbox', title: 'Mailbox is being moved',
    cause: 'The mailbox is being moved (between databases, or from on-premises to Exchange Online).',
    fix: [
      'Retry after the move; mailbridge backs off.',
      'After a move to Exchange Online, switch this user to a Graph profile: on-premises EWS no longer serves the mailbox.',
    ],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorMailboxFailover', family: 'mailbox', title: 'Mailbox database failing over',
    cause: 'The mailbox database is failing over to another copy; the mailbox is briefly unreachable.',
    fix: ['Retry after a minute; mailbridge backs off.', 'Administrator: check the DAG with Get-MailboxDatabaseCopyStatus if it lasts.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode, DOCS.getMailboxDatabaseCopyStatus], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorNoRespondingCASInDestinationSite', family: 'mailbox', title: 'No Client Access server answers in the mailbox site',
    cause: 'The request had to be proxied to the mailbox\'s Active Directory site and no Client Access server there could process it.',
    fix: [
      'Connect to a Client Access server or URL in the mailbox\'s site (Autodiscover finds it).',
      'Administrator: check the health of the Client Access servers in that site (Test-ServiceHealth).',
    ],
    patterns: { phrases: ['none of the Client Access Servers in the destination site could process the request'] },
    docs: [DOCS.ewsResponseCode, DOCS.ewsAutodiscover], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorQuotaExceeded', family: 'mailbox', title: 'Mailbox over quota',
    cause: 'The mailbox is over its storage quota, so Exchange refuses new items.',
    fix: [
      'Free space in the mailbox (empty Deleted Items, archive old mail).',
      'Or raise the quota: Set-Mailbox <mailbox> -ProhibitSendReceiveQuota <size> -UseDatabaseQuotaDefaults $false.',
    ],
    patterns: {},
    docs: [DOCS.ewsResponseCode, DOCS.setMailbox], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorInvalidLicense', family: 'mailbox', title: 'Mailbox lacks the licence for this feature',
    cause: 'The mailbox or user has no licence for the requested feature (for example a Kiosk/F-plan mailbox using EWS).',
    fix: ['Assign a licence that includes the feature in the Microsoft 365 admin center > Users > Active users > Licenses and apps.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorMessageSizeExceeded', family: 'mailbox', title: 'Message too large',
    cause: 'The item is larger than the message size limit of the server or the mailbox.',
    fix: [
      'Skip or shrink the item; mailbridge logs it and continues.',
      'Administrator: check limits with Get-TransportConfig | fl MaxSendSize,MaxReceiveSize and Get-Mailbox <mailbox> | fl Max*Size.',
    ],
    patterns: {},
    docs: [DOCS.ewsResponseCode, DOCS.exoLimits], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorMailboxConfiguration', family: 'mailbox', title: 'Mailbox configuration error',
    cause: 'Exchange found a problem with the mailbox configuration (a damaged or inconsistent mailbox object).',
    fix: ['Administrator: check the mailbox with Get-Mailbox <mailbox> | fl and the Application event log; repair with New-MailboxRepairRequest if needed.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorNameResolutionNoResults', family: 'mailbox', title: 'Name resolution found nothing',
    cause: 'ResolveNames found no mailbox or contact for the name or address given.',
    fix: ['Check the address for typos and use the primary SMTP address (Get-Recipient <address>).', 'If users are matched on another attribute (MEM-5), check that attribute\'s value.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['MEM-5', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorNameResolutionMultipleResults', family: 'mailbox', title: 'Name resolves to several mailboxes',
    cause: 'ResolveNames found several matches for the name; mailbridge cannot tell which mailbox is meant.',
    fix: ['Use the full primary SMTP address instead of a display name or partial address.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['MEM-5', 'AG-2'], basis: 'doc',
  },
];

/**
 * EWS request, schema, item and server errors (error-catalog.md §7): the request does not
 * fit the server, the item is gone, or the server failed. ErrorInternalServerError ranks
 * low on purpose: ews-javascript-api reports transport failures as responseCode 127
 * (ErrorInternalServerError), so it is never the diagnosis when anything better is there.
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const EWS_REQUEST_ENTRIES: KbEntry[] = [
  {
    code: 'ErrorSchemaValidation', family: 'ews', title: 'Request failed EWS schema validation',
    cause: 'The request XML does not validate against the server\'s schema; the server sends a SOAP fault with HTTP 500.',
    likelyCauses: [
      'The requested server version is newer than the server, so elements it does not know are sent.',
      'A client library bug (element order).',
      'Invalid characters in item data.',
    ],
    fix: [
      'Set the Exchange version in the profile to the server\'s real version (EX-9); mailbridge sends RequestServerVersion accordingly.',
      'Find the server build: Get-ExchangeServer | fl Name,AdminDisplayVersion.',
      'If one item fails, look for control characters in its data.',
    ],
    patterns: { phrases: ['The request failed schema validation'] },
    docs: [DOCS.ewsResponseCode, DOCS.ewsVersioning], rules: ['EX-9', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorInvalidServerVersion', family: 'ews', title: 'Requested Exchange version not valid for this server',
    cause: 'RequestServerVersion names a version this server does not support (for example Exchange2016 against Exchange 2010).',
    fix: ['Set the Exchange version in the profile to the server\'s version (EX-9).'],
    patterns: {},
    docs: [DOCS.ewsVersioning, DOCS.ewsResponseCode], rules: ['EX-9', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorIncorrectSchemaVersion', family: 'ews', title: 'Incorrect EWS schema version',
    cause: 'The request\'s schema version does not match what the server expects.',
    fix: ['Set the Exchange version in the profile to the server\'s version (EX-9).'],
    patterns: {},
    docs: [DOCS.ewsVersioning, DOCS.ewsResponseCode], rules: ['EX-9', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorInvalidRequest', family: 'ews', title: 'Request not valid for this server or mailbox',
    cause: 'The request is not valid here: an unsupported operation or parameter combination for this server version or mailbox type.',
    fix: ['Check the Exchange version setting of the profile (EX-9).', 'Run with debug logging and report the request to the mailbridge maintainers if the version is right.'],
    patterns: { phrases: ['REST APIs for this mailbox are currently in preview'] },
    docs: [DOCS.ewsResponseCode], rules: ['EX-9', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorItemNotFound', family: 'ews', title: 'Item not found (deleted, moved or not visible)',
    cause: 'The item does not exist in the store any more, or the caller cannot see it.',
    likelyCauses: [
      'The item was deleted or moved (EWS and default Graph IDs change on move).',
      'The ID comes from another mailbox, or is an EWS ID used with Graph (or the reverse).',
      'Permissions: a delegate cannot see private items.',
    ],
    fix: [
      'Nothing to do for a single item deleted in the meantime; mailbridge drops it on the next sync.',
      'Use immutable IDs (Graph: Prefer: IdType="ImmutableId") or translate IDs with translateExchangeIds.',
      'If many items fail, check the sync account\'s permissions on the folder.',
    ],
    patterns: { phrases: ['The specified object was not found in the store'] },
    docs: [DOCS.ewsResponseCode, DOCS.graphImmutableIds, DOCS.graphErrors], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorFolderNotFound', family: 'ews', title: 'Folder not found or not accessible',
    cause: 'The folder does not exist, or the caller has no permission on it.',
    likelyCauses: [
      'No permission on another mailbox\'s calendar (room mailboxes).',
      'A stale folder ID, or one from another mailbox.',
      'A well-known folder that does not exist (an archive mailbox, a localised name).',
    ],
    fix: [
      'Grant the sync account Reviewer (or higher) on the folder: Add-MailboxFolderPermission -Identity <mailbox>:\\Calendar -User <sync-account> -AccessRights Reviewer; or use impersonation.',
      'Re-select the folders in the profile (O365-3) to refresh folder IDs.',
    ],
    patterns: { phrases: ['The specified folder could not be found in the store'] },
    docs: [DOCS.ewsResponseCode, DOCS.addMailboxFolderPermission], rules: ['O365-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorInternalServerError', family: 'ews', title: 'EWS internal server error',
    cause: 'Exchange reports a generic server failure. Caution: ews-javascript-api also reports network, TLS and DNS failures as responseCode 127 (ErrorInternalServerError), so read the message text first.',
    likelyCauses: [
      'Not a server error at all: a TLS, DNS or socket failure wrapped by the client library (read the message).',
      'An inner ErrorServerBusy (throttling).',
      'A transient back-end or failover problem.',
      'A corrupt item or unusual content.',
    ],
    fix: [
      'Paste the whole message into `mailbridge diagnose`; a Node code (ECONNRESET, CERT_…, error:0308010C) in it is the real cause.',
      'Retry with backoff; if one item always fails, skip it and check its content.',
      'Administrator: read the Exchange Application event log at that time.',
    ],
    patterns: { phrases: ['An internal server error occurred. The operation failed'] },
    docs: [DOCS.ewsResponseCode, DOCS.ewsThrottling], rules: ['AG-2'], basis: 'doc', specificity: 35,
  },
  {
    code: 'ErrorInternalServerTransientError', family: 'ews', title: 'Transient EWS server error',
    cause: 'A temporary server-side failure.',
    fix: ['Retry with backoff; mailbridge does this.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc', specificity: 60,
  },
  {
    code: 'ErrorBatchProcessingStopped', family: 'ews', title: 'Batch stopped after an earlier error',
    cause: 'Later items of a batch were not processed because an earlier item failed (after errors such as access denied, mailbox move or quota).',
    fix: ['Look at the first failing item\'s response code in the same response and fix that; the rest are then resubmitted.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc', specificity: 50,
  },
  {
    code: 'ErrorCannotOpenFileAttachment', family: 'ews', title: 'File attachment cannot be opened',
    cause: 'Exchange could not open a file attachment: it is damaged, blocked, rights-protected, or is really an item attachment.',
    fix: ['mailbridge skips the attachment and logs its ID; check the attachment in Outlook on the web.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'inference',
  },
  {
    code: 'ErrorCorruptData', family: 'ews', title: 'Corrupt item data',
    cause: 'The item\'s data on the server is corrupt and cannot be read or written.',
    fix: ['Skip the item (mailbridge logs it); the mailbox owner can delete and recreate it. Administrator: New-MailboxRepairRequest for repeated cases.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorInvalidPropertyRequest', family: 'ews', title: 'Property not valid for this item',
    cause: 'The request asked for or set a property that is not valid for this item type or server version.',
    fix: ['Check the Exchange version setting of the profile (EX-9); report the request to the mailbridge maintainers if it persists.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['EX-9', 'AG-2'], basis: 'doc',
  },
  {
    code: 'AutodiscoverLocalException', family: 'other', title: 'Autodiscover service could not be located',
    cause: 'Autodiscover found no endpoint for the address: none of the autodiscover URLs, SRV records or SCP entries answered usefully.',
    likelyCauses: [
      'No reachable autodiscover.<domain> DNS record or SRV record, and no SCP lookup possible from a non-domain host.',
      'Autodiscover with Basic authentication against a tenant that moved to modern authentication.',
      'The wrong SMTP domain.',
    ],
    fix: [
      'Skip Autodiscover: set the server explicitly in the profile (mail.<domain>, EWS path /EWS/Exchange.asmx).',
      'Fix the autodiscover DNS records (autodiscover.<domain> A/CNAME, or _autodiscover._tcp.<domain> SRV).',
      'For Exchange Online use a Graph profile.',
    ],
    patterns: { phrases: ["The Autodiscover service couldn't be located", 'The Autodiscover service could not be located'] },
    docs: [DOCS.ewsAutodiscover], rules: ['EX-7', 'AG-2'], basis: 'issue',
  },
  {
    code: 'ErrorAutoDiscoverFailed', family: 'other', title: 'Autodiscover failed',
    cause: 'Autodiscover could not produce settings for the mailbox.',
    fix: ['Set the server explicitly in the profile instead of relying on Autodiscover; then fix the autodiscover DNS records.'],
    patterns: {},
    docs: [DOCS.ewsAutodiscover, DOCS.ewsResponseCode], rules: ['EX-7', 'AG-2'], basis: 'doc',
  },
];

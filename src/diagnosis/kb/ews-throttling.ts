/**
 * EWS throttling (error-catalog.md §7 and §9): the budget codes, what BackOffMilliseconds
 * means, and the concurrency limits (EWSMaxConcurrency 10 on Exchange 2010, 27 on 2013+).
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const EWS_THROTTLING_ENTRIES: KbEntry[] = [
  {
    code: 'ErrorServerBusy', family: 'throttling', title: 'EWS throttling: server busy, back off',
    cause: 'The account exceeded its EWS throttling budget. The response carries BackOffMilliseconds in MessageXml: the time to wait before the next request. It can arrive as a SOAP fault (HTTP 500) or inside ErrorInternalServerError.',
    likelyCauses: [
      'Too many parallel calls (folder-tree walks, bulk sync).',
      'Large synchronous batches.',
      'Other applications share the same service account and its budget.',
    ],
    fix: [
      'Wait at least BackOffMilliseconds (shown in the evidence) before retrying; mailbridge does this.',
      'Serialise calls per mailbox, reduce batch sizes, lengthen the sync interval.',
      'On-premises, the administrator can give the sync account its own policy: New-ThrottlingPolicy mailbridge; Set-ThrottlingPolicyAssociation <sync-account> -ThrottlingPolicy mailbridge.',
    ],
    patterns: { aliases: ['ServerBusyException'], phrases: ['BackOffMilliseconds', 'The server cannot service this request right now'] },
    docs: [DOCS.ewsThrottling, DOCS.setThrottlingPolicy], rules: ['EX-7', 'AG-2'], basis: 'doc', specificity: 87, refines: ['ErrorInternalServerError', 'HTTP_500', 'HTTP_503'],
  },
  {
    code: 'ErrorExceededConnectionCount', family: 'throttling', title: 'Too many concurrent EWS connections',
    cause: 'The account has more concurrent EWS connections than EWSMaxConcurrency allows (10 on Exchange 2010, 27 on Exchange 2013 and later and Exchange Online).',
    likelyCauses: [
      'Too many parallel requests from one account.',
      'Several agents or applications share one service account.',
      'Open streaming-notification connections count too (Exchange Online: 10 per account).',
    ],
    fix: [
      'Lower the concurrency per account in mailbridge; use impersonation so each mailbox gets its own budget.',
      'Give other applications their own service accounts.',
      'Close unused streaming subscriptions.',
    ],
    patterns: { phrases: ['You have exceeded the available concurrent connections for your account'] },
    docs: [DOCS.ewsThrottling], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorExceededSubscriptionCount', family: 'throttling', title: 'Too many notification subscriptions',
    cause: 'The account holds more notification subscriptions than the throttling policy allows.',
    fix: ['Unsubscribe unused subscriptions; use impersonation so each mailbox has its own budget.'],
    patterns: {},
    docs: [DOCS.ewsThrottling, DOCS.ewsNotifications], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorTooManyObjectsOpened', family: 'throttling', title: 'Too many objects opened',
    cause: 'The request opened more server-side objects than allowed (large batches on one mailbox).',
    fix: ['Reduce the batch size and retry; spread work over time.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorTimeoutExpired', family: 'throttling', title: 'EWS request timed out on the server',
    cause: 'The server gave up on the request: the batch (SyncFolderItems, FindItem, GetItem) was too big to finish in time.',
    fix: [
      'Retry with a smaller batch (about 10 items per GetItem batch; each EWS batch is capped at one minute).',
      'Page large folders (IndexedPageItemView).',
    ],
    patterns: {},
    docs: [DOCS.ewsSyncErrors, DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorExceededFindCountLimit', family: 'ews', title: 'Find result over the server limit',
    cause: 'A FindItem/FindFolder result exceeded EWSFindCountLimit (1000 by default).',
    fix: ['Page the search (page size 100-1000 with an offset); mailbridge pages by default.'],
    patterns: {},
    docs: [DOCS.ewsPaging, DOCS.ewsThrottling], rules: ['AG-2'], basis: 'doc',
  },
];

/**
 * EWS synchronisation and notification state (error-catalog.md §7, sync-semantics.md):
 * a sync state or subscription the server no longer accepts means "start over cleanly".
 */
import type { KbEntry } from '../kb-entry.js';
import { DOCS } from './doc-links.js';

export const EWS_SYNC_ENTRIES: KbEntry[] = [
  {
    code: 'ErrorInvalidSyncStateData', family: 'sync-state', title: 'EWS sync state corrupt or invalid',
    cause: 'The SyncState passed to SyncFolderItems or SyncFolderHierarchy is not valid ("Synchronization state data is corrupt or otherwise invalid").',
    likelyCauses: [
      'The stored SyncState was truncated or altered (a column too short, a re-encoding).',
      'The SyncState belongs to another folder or mailbox.',
      'The mailbox was moved or recreated.',
    ],
    fix: [
      'Resync that folder without a SyncState (a full sync); mailbridge does this and de-duplicates.',
      'If it repeats, check that the store keeps the SyncState blob byte for byte.',
    ],
    patterns: { phrases: ['Synchronization state data is corrupt or otherwise invalid'] },
    docs: [DOCS.ewsSyncErrors, DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorSyncFolderNotFound', family: 'sync-state', title: 'Synced folder no longer exists',
    cause: 'The folder being synchronised was deleted or moved out of reach.',
    fix: ['Re-select the folders to sync (O365-3); mailbridge drops the stored state for the missing folder.'],
    patterns: {},
    docs: [DOCS.ewsSyncErrors, DOCS.ewsResponseCode], rules: ['O365-3', 'AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorSubscriptionNotFound', family: 'sync-state', title: 'Notification subscription not found',
    cause: 'The server no longer knows the notification subscription (it expired, or the request reached another server without affinity).',
    fix: [
      'Recreate the subscription, then run a SyncFolderItems catch-up; mailbridge does this.',
      'Keep server affinity for subscriptions (X-AnchorMailbox and X-PreferServerAffinity headers).',
    ],
    patterns: {},
    docs: [DOCS.ewsNotifications, DOCS.ewsAnchorMailbox, DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorInvalidSubscription', family: 'sync-state', title: 'Notification subscription invalid',
    cause: 'The subscription ID is not valid for this mailbox or server.',
    fix: ['Recreate the subscription and catch up with SyncFolderItems.'],
    patterns: {},
    docs: [DOCS.ewsNotifications, DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorExpiredSubscription', family: 'sync-state', title: 'Notification subscription expired',
    cause: 'The pull or streaming subscription timed out on the server.',
    fix: ['Recreate the subscription and catch up with SyncFolderItems; poll within the subscription time-out.'],
    patterns: {},
    docs: [DOCS.ewsNotifications, DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorInvalidWatermark', family: 'sync-state', title: 'Notification watermark invalid',
    cause: 'The watermark given to resume a subscription is not valid any more.',
    fix: ['Create a new subscription without a watermark and catch up with SyncFolderItems.'],
    patterns: {},
    docs: [DOCS.ewsNotifications, DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorStaleObject', family: 'sync-state', title: 'Item changed since it was read (stale ChangeKey)',
    cause: 'The item changed on the server since mailbridge read it, so its ChangeKey is out of date.',
    fix: ['Re-read the item and apply the change again; mailbridge resolves the conflict by its sync rules.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorIrresolvableConflict', family: 'sync-state', title: 'Update conflicts with a change on the server',
    cause: 'The update conflicts with a newer change on the server and could not be merged.',
    fix: ['Re-read the item and reapply the change.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
  {
    code: 'ErrorInvalidChangeKey', family: 'sync-state', title: 'Invalid ChangeKey',
    cause: 'The ChangeKey sent with the update is malformed or belongs to another item.',
    fix: ['Re-read the item to get its current ChangeKey and retry.'],
    patterns: {},
    docs: [DOCS.ewsResponseCode], rules: ['AG-2'], basis: 'doc',
  },
];

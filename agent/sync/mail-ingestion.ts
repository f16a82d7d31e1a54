/**
 * Mail ingestion (O365-3, O365-4): the selected folders of a staff mailbox (to depth 5,
 * Sent Items when chosen) and every folder of a shared mailbox; only mail that arrives or
 * is moved in after the selection was saved. The first round of a folder is a baseline:
 * of what it lists, only messages received since the selection was saved are taken;
 * later rounds take every message reported created (new or moved in) and, since Graph
 * reports creates as updates, updated ones received since the selection. Each message is stored
 * once (Message-ID) as an .eml file plus an index row; the folder's next state is saved
 * in the transaction that writes the round's index rows.
 */
import { MAX_FOLDER_DEPTH, type FetchedMessage, type FolderInfo } from '../connectors/connector.js';
import { readChangeRound } from './change-round.js';
import { dedupeKey } from './document-store.js';
import { call, type MailboxSyncContext } from './sync-context.js';

export const SENT_ITEMS_PATH = 'Sent Items';
const SHARED_TREE_MAX_AGE_MS = 3_600_000;

/** The folders to ingest from: the selection for staff, the whole tree (≤ 5 levels) for a shared mailbox. */
export async function ingestionFolders(ctx: MailboxSyncContext, role: 'staff' | 'shared'): Promise<FolderInfo[]> {
  const { books, options, mailbox } = ctx;
  const now = ctx.now();
  if (role === 'shared') {
    // The whole tree; re-listed hourly so new folders are found without a listing every poll.
    const cached = ctx.full ? undefined : books.cachedFolders(options.profile, mailbox, 'shared', '', now, SHARED_TREE_MAX_AGE_MS);
    if (cached) return cached;
    const folders = await call(ctx, (c) => c.listFolders(mailbox, { maxDepth: MAX_FOLDER_DEPTH }));
    books.saveFolders(options.profile, mailbox, 'shared', '', folders, now);
    return folders;
  }
  const paths = [...options.mailFolders];
  if (options.includeSentItems && !paths.some((p) => p.toLowerCase() === SENT_ITEMS_PATH.toLowerCase())) paths.push(SENT_ITEMS_PATH);
  // Folder ids never change, so a resolved selection stays valid until the selection does.
  const selection = JSON.stringify(paths);
  const cached = ctx.full ? undefined : books.cachedFolders(options.profile, mailbox, 'selection', selection, now);
  if (cached) return cached;
  const folders: FolderInfo[] = [];
  for (const path of paths) folders.push(await call(ctx, (c) => c.resolveFolderPath(mailbox, path)));
  books.saveFolders(options.profile, mailbox, 'selection', selection, folders, now);
  return folders;
}

/** Codes that mean a cached folder id no longer names a folder (deleted, or the mailbox was moved). */
const FOLDER_GONE_CODES = new Set(['ErrorFolderNotFound', 'ErrorItemNotFound', 'ResourceNotFound', 'HTTP_404']);

export function isFolderGone(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === 'string' && FOLDER_GONE_CODES.has(code);
}

export async function ingestFolder(ctx: MailboxSyncContext, folder: FolderInfo): Promise<void> {
  const { books, documents, options, mailbox } = ctx;
  const profile = options.profile;
  const folderKey = `mail:${folder.id}`;
  const since = books.selectionSavedAt(profile, mailbox, folder.path, ctx.now());
  const stored = books.folderState(profile, mailbox, folderKey);
  const round = await readChangeRound(ctx, { id: folder.id }, ctx.full ? null : stored.state, { kind: 'message', pageSize: options.pageSize, receivedSince: since });
  const sinceMs = Date.parse(since);
  const baseline = round.full;
  const pending: Array<{ remoteId: string; message: FetchedMessage; sha256: string; file: string; size: number }> = [];
  const taken = new Set<string>();
  for (const change of round.changes) {
    if (change.type !== 'created' && change.type !== 'updated') continue;
    // A created message after the baseline is new or moved in: taken whatever its date. Anything
    // else (the baseline listing; Graph reports creates as updates) only when received since the selection.
    const dated = baseline || change.type === 'updated';
    const summary = change.message;
    if (dated && summary?.receivedAt && Date.parse(summary.receivedAt) < sinceMs) continue;
    if (summary?.internetMessageId && (documents.has(profile, summary.internetMessageId) || taken.has(summary.internetMessageId))) continue;
    const message = await call(ctx, (c) => c.getMessage(ctx.mailbox, change.id));
    const received = message.summary.receivedAt ? Date.parse(message.summary.receivedAt) : NaN;
    if (dated && !(received >= sinceMs)) continue;
    const written = documents.writeFile(message);
    const key = dedupeKey(message.summary.internetMessageId, written.sha256);
    if (taken.has(key) || documents.has(profile, key)) continue;
    taken.add(key);
    pending.push({ remoteId: change.id, message, ...written });
  }
  ctx.local.transaction(() => {
    for (const p of pending) {
      if (documents.index({ profile, mailbox, folderPath: folder.path, ...p })) ctx.counts.ingested += 1;
    }
    books.saveFolderState(profile, mailbox, folderKey, 'message', round.nextState, null);
  });
}

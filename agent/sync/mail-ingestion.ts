/**
 * Mail ingestion (O365-3, O365-4): the selected folders of a staff mailbox (to depth 5,
 * Sent Items when chosen) and every folder of a shared mailbox; only mail that arrives or
 * is moved in after the selection was saved. The first round of a folder is a baseline:
 * of what it lists, only messages received since the selection was saved are taken;
 * later rounds take every message reported created (new or moved in) and, since Graph
 * reports creates as updates, updated ones received since the selection. Each message is stored
 * once (Message-ID) as an .eml file plus an index row; the state after each page of a
 * round is saved in the transaction that writes that page's index rows.
 *
 * EWS (on-premises) and Graph (online) work alike: both list each change with the message's
 * summary (received, Message-ID), so old and already stored mail is skipped without being
 * downloaded — the baseline of a big folder reads no MIME at all. The rest is read in
 * batches within MESSAGE_READ_LIMITS (EWS: one GetItem per batch), each message written to
 * disk at once; the round keeps only its index data until the transaction.
 */
import { MAX_FOLDER_DEPTH, MESSAGE_READ_LIMITS, type FetchedMessage, type FolderInfo, type ItemChange, type MessageSummary } from '../connectors/connector.js';
import { streamChangeRound } from './change-round.js';
import { dedupeKey, type StoredFile } from './document-store.js';
import { planMessageReads, type MessageToRead } from './message-read-batches.js';
import { RoundLedger, type RoundKey } from './round-ledger.js';
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

/** Codes that mean a message listed by change tracking is gone by the time it is read (deleted or moved on). */
const MESSAGE_GONE_CODES = new Set(['ErrorItemNotFound', 'itemNotFound', 'ResourceNotFound', 'HTTP_404']);

/** The message with its MIME source, or null when it vanished between listing and reading. */
async function readMessage(ctx: MailboxSyncContext, id: string): Promise<FetchedMessage | null> {
  try {
    return await call(ctx, (c) => c.getMessage(ctx.mailbox, id));
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    if (typeof code === 'string' && MESSAGE_GONE_CODES.has(code)) return null;
    throw error;
  }
}

/**
 * The messages of one planned batch, in order (null = gone): one round trip where the
 * connector reads many at once (EWS GetItem), else one `getMessage` each.
 */
async function readMessages(ctx: MailboxSyncContext, ids: readonly string[]): Promise<Array<FetchedMessage | null>> {
  const many = ctx.connector.getMessages;
  if (ids.length > 1 && many) return call(ctx, (c) => many.call(c, ctx.mailbox, ids));
  const out: Array<FetchedMessage | null> = [];
  for (const id of ids) out.push(await readMessage(ctx, id));
  return out;
}

/** What waits for the round's transaction: the index data only — the MIME source is already on disk. */
interface PendingDocument extends StoredFile {
  remoteId: string;
  summary: MessageSummary;
}

/** A message the round wants to read: `dated` ones are taken only when received since the selection. */
interface WantedMessage extends MessageToRead {
  dated: boolean;
}

/**
 * What one page of a folder's round takes: the wanted messages read in batches and written
 * to disk at once; returns their index data for the page's transaction.
 */
async function takePage(ctx: MailboxSyncContext, changes: readonly ItemChange[], baseline: boolean, sinceMs: number): Promise<PendingDocument[]> {
  const { documents, options } = ctx;
  const profile = options.profile;
  const taken = new Set<string>();
  const known = (key: string): boolean => taken.has(key) || documents.has(profile, key);
  const tooOld = (summary: MessageSummary): boolean => !(Date.parse(summary.receivedAt ?? '') >= sinceMs);

  const wanted: WantedMessage[] = [];
  const listedKeys = new Set<string>();
  for (const change of changes) {
    if (change.type !== 'created' && change.type !== 'updated') continue;
    // A created message after the baseline is new or moved in: taken whatever its date. Anything
    // else (the baseline listing; Graph reports creates as updates) only when received since the selection.
    const dated = baseline || change.type === 'updated';
    // Both connectors carry the summary with the change, so old and already stored mail is
    // skipped here without downloading it; a connector without summaries is judged after reading.
    const listed = change.message;
    if (dated && listed?.receivedAt && tooOld(listed)) continue;
    const listedKey = listed?.internetMessageId?.trim();
    if (listedKey && (known(listedKey) || listedKeys.has(listedKey))) continue;
    if (listedKey) listedKeys.add(listedKey);
    wanted.push({ id: change.id, dated, ...(listed?.size !== undefined ? { size: listed.size } : {}) });
  }

  const pending: PendingDocument[] = [];
  for (const batch of planMessageReads(wanted, MESSAGE_READ_LIMITS)) {
    const messages = await readMessages(ctx, batch.map((w) => w.id));
    batch.forEach((w, i) => {
      const message = messages[i];
      if (!message || (w.dated && tooOld(message.summary))) return;
      const messageKey = message.summary.internetMessageId?.trim();
      if (messageKey && known(messageKey)) return;
      // Written now, so the round holds no MIME source past its batch (bounded memory).
      const written = documents.writeFile(message.mime);
      const key = dedupeKey(messageKey, written.sha256);
      if (known(key)) return;
      taken.add(key);
      pending.push({ remoteId: w.id, summary: message.summary, ...written });
    });
  }
  return pending;
}

/** A mail folder's key in the folder states and the round ledger: by server id, which survives renames and moves. */
export function mailFolderKey(folderId: string): string {
  return `mail:${folderId}`;
}

/**
 * One folder's round, page by page: each page's index rows and the state after it commit
 * together, so a baseline of any size holds one page of summaries at a time and a round cut
 * off between pages resumes after its last committed page (round-ledger.ts remembers whether
 * it is a baseline).
 */
export async function ingestFolder(ctx: MailboxSyncContext, folder: FolderInfo): Promise<void> {
  const { books, documents, local, options, mailbox } = ctx;
  const profile = options.profile;
  const folderKey = mailFolderKey(folder.id);
  const key: RoundKey = { profile, mailbox, folderKey };
  const rounds = new RoundLedger(books.db);
  const since = books.selectionSavedAt(profile, mailbox, folder.path, ctx.now());
  const sinceMs = Date.parse(since);
  const startState = ctx.full ? null : books.folderState(profile, mailbox, folderKey).state;
  const resumed = startState === null ? null : rounds.current(key);
  let begun = resumed !== null;
  const pages = streamChangeRound(ctx, { id: folder.id }, startState, { kind: 'message', pageSize: options.pageSize, receivedSince: since }, resumed?.full ?? startState === null);
  for await (const page of pages) {
    const pending = await takePage(ctx, page.changes, page.full, sinceMs);
    const refused: typeof pending = [];
    local.transaction(() => {
      for (const p of pending) {
        if (documents.index({ profile, mailbox, folderPath: folder.path, ...p })) ctx.counts.ingested += 1;
        else refused.push(p);
      }
      // Mid-round the ledger keeps whether this round is a baseline; at its end (or a stale one) it is dropped.
      if (page.last) rounds.forget(key);
      else if (!begun || page.restarted) { rounds.begin(key, page.full); begun = true; }
      books.saveFolderState(profile, mailbox, folderKey, 'message', page.nextState, null);
    });
    // Another mailbox stored the same message first (between our check and this commit): drop our copy.
    for (const p of refused) documents.discardUnindexed(p);
  }
}

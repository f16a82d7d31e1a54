/**
 * Idle polls in one go (sync-semantics §4.4). Most runs find most folders unchanged, and
 * on Graph the first page of up to 20 folders — of any mailboxes — fits in one `$batch`
 * round trip. So before a run's mailboxes are synced, the first page of every tracked item
 * folder and every resolved mail folder that has a stored state is fetched ahead with
 * `trackChangesMany`, and each folder's
 * round takes its page by state (change-round.ts) instead of asking again: an idle run
 * costs ⌈folders / 20⌉ round trips instead of one per folder. EWS has no batching, so the
 * prefetch is left to the rounds themselves there.
 *
 * A part that failed (throttled, refused state, …) is simply not prefetched: the folder's
 * round asks again and meets the error where it is handled; a throttled part pauses its
 * mailbox in the throttle gate first, so the retry is never early.
 */
import type { ChangePage, ChangeRequest, Connector, ConnectorProtocol } from '../connectors/connector.js';
import { isThrottled } from '../connectors/connector-errors.js';
import { folderInUse } from './item-folder-sync.js';
import { TRACKED_ITEM_FOLDERS } from './item-kinds.js';
import { mailFolderKey } from './mail-ingestion.js';
import type { SyncBookkeeping } from './sync-bookkeeping.js';
import type { SyncOptions } from './sync-context.js';
import { trackingWindow, windowChanged } from './sync-windows.js';
import type { ThrottleGate } from './throttle-gate.js';

/** Protocols whose connector packs many folders' polls into one round trip. */
const BATCHES_POLLS: Readonly<Record<ConnectorProtocol, boolean>> = { ews: false, graph: true };

/**
 * Changes per prefetched page: an idle page is empty whatever the size, and a small page
 * bounds what a run holds before its folders are synced (one page per folder).
 */
export const PREFETCH_PAGE_SIZE = 50;

/** First pages fetched ahead, each handed out once, to the round that starts from its state. */
export class PrefetchedPages {
  private readonly byState = new Map<string, ChangePage>();

  put(state: string, page: ChangePage): void {
    this.byState.set(state, page);
  }

  take(state: string): ChangePage | undefined {
    const page = this.byState.get(state);
    this.byState.delete(state);
    return page;
  }
}

export interface IdlePollInput {
  connector: Connector;
  books: SyncBookkeeping;
  gate: ThrottleGate;
  options: SyncOptions;
  mailboxes: ReadonlyArray<{ address: string; role: 'staff' | 'shared'; ingestMail: boolean }>;
  full: boolean;
  now: Date;
}

/**
 * The requests of an idle poll: the item folders in use (staff) and the mail folders
 * resolved before (ingestion) that have a state the next round starts from.
 */
export function idlePollRequests(input: IdlePollInput): ChangeRequest[] {
  const { books, options, connector } = input;
  if (input.full || !BATCHES_POLLS[connector.protocol]) return [];
  const requests: ChangeRequest[] = [];
  const window = trackingWindow(input.now, options.windows);
  for (const { address: mailbox, role, ingestMail } of input.mailboxes) {
    if (input.gate.isPaused(mailbox.toLowerCase())) continue;
    if (ingestMail) {
      for (const folder of books.knownMailFolders(options.profile, mailbox)) {
        const stored = books.folderState(options.profile, mailbox, mailFolderKey(folder.id));
        if (stored.state !== null) requests.push({ mailbox, folder: { id: folder.id }, state: stored.state, options: { kind: 'message', pageSize: PREFETCH_PAGE_SIZE } });
      }
    }
    if (role !== 'staff') continue;
    for (const facts of TRACKED_ITEM_FOLDERS) {
      if (!folderInUse(options, facts)) continue;
      const stored = books.folderState(options.profile, mailbox, facts.folder);
      const isCalendar = facts.folder === 'calendar';
      // No state yet, or a rolled calendar window: the round starts from nothing anyway.
      if (stored.state === null || (isCalendar && windowChanged(stored.window, window))) continue;
      requests.push({
        mailbox, folder: { wellKnown: facts.folder }, state: stored.state,
        options: { kind: facts.remoteKind, pageSize: PREFETCH_PAGE_SIZE, ...(isCalendar ? { window } : {}) },
      });
    }
  }
  return requests;
}

export async function prefetchIdlePolls(input: IdlePollInput): Promise<PrefetchedPages> {
  const pages = new PrefetchedPages();
  const requests = idlePollRequests(input);
  if (requests.length === 0) return pages;
  const answers = await input.connector.trackChangesMany(requests);
  answers.forEach((answer, i) => {
    const request = requests[i] as ChangeRequest;
    if (isThrottled(answer)) input.gate.pause(request.mailbox.toLowerCase(), answer.retryAfterMs);
    else if (!(answer instanceof Error) && request.state !== null) pages.put(request.state, answer);
  });
  return pages;
}

/**
 * Graph delta tracking per folder (sync-semantics.md §2): the initial delta URL for each
 * kind (messages per mail folder with the O365-3 receivedDateTime filter, contacts, To Do
 * tasks, calendarView with its window), pages with `Prefer: odata.maxpagesize`, and idle
 * polls of many folders packed 20 to a `$batch` round trip with per-part errors.
 */
import type { ChangePage, ChangeRequest, FolderRef, ItemChange, TrackChangesOptions, WellKnownFolder } from '../connector.js';
import { ConnectorError } from '../connector-errors.js';
import { mapGraphError } from './graph-error-map.js';
import { MESSAGE_SELECT, messageSummary, toRemoteItem, type Json } from './graph-item-mapping.js';
import { DEFAULT_PAGE, enc, type GraphRequester } from './graph-requester.js';
import { withImmutableIds } from './profile-graph-middleware.js';

/** Graph JSON batching: at most 20 requests per `$batch`. */
const MAX_BATCH = 20;
const UTC = 'outlook.timezone="UTC"';
const MAIL_FOLDER_ID: Partial<Record<WellKnownFolder, string>> = { inbox: 'inbox', sentitems: 'sentitems', msgfolderroot: 'msgfolderroot' };

export class GraphDeltaTracker {
  constructor(private readonly req: GraphRequester, private readonly defaultTaskList: (mailbox: string) => Promise<string>) {}

  private async initialDeltaUrl(mailbox: string, folder: FolderRef, options: TrackChangesOptions): Promise<string> {
    const u = this.req.user(mailbox);
    const id = 'id' in folder ? folder.id : undefined;
    switch (options.kind) {
      case 'message': {
        const folderId = id ?? MAIL_FOLDER_ID[(folder as { wellKnown: WellKnownFolder }).wellKnown] ?? 'inbox';
        const query: Record<string, string> = { $select: MESSAGE_SELECT };
        if (options.receivedSince) query.$filter = `receivedDateTime ge ${new Date(options.receivedSince).toISOString()}`;
        return this.req.url(`${u}/mailFolders/${enc(folderId)}/messages/delta`, query);
      }
      case 'contact':
        return this.req.url(id ? `${u}/contactFolders/${enc(id)}/contacts/delta` : `${u}/contacts/delta`);
      case 'task':
        return this.req.url(`${u}/todo/lists/${enc(id ?? await this.defaultTaskList(mailbox))}/tasks/delta`);
      case 'appointment': {
        if (!options.window) {
          throw new ConnectorError({ protocol: 'graph', code: 'MB_WINDOW_REQUIRED', mailbox, message: 'Graph calendar delta needs a time window (calendarView/delta)' },
            { family: 'config', cause: 'Graph tracks calendar changes only inside a window frozen into the delta token.', fix: ['Pass options.window (EX-14 past days / recurring days ahead).'] });
        }
        return this.req.url(`${u}/calendarView/delta`, { startDateTime: options.window.start, endDateTime: options.window.end });
      }
    }
  }

  /** The URL and Prefer values of one delta page request. */
  private async deltaRequest(r: ChangeRequest): Promise<{ url: string; prefer: string[] }> {
    const url = r.state === null ? await this.initialDeltaUrl(r.mailbox, r.folder, r.options) : this.req.ownLink(r.state);
    const prefer = [`odata.maxpagesize=${Math.max(1, r.options.pageSize ?? DEFAULT_PAGE)}`, ...(r.options.kind === 'appointment' ? [UTC] : [])];
    return { url, prefer };
  }

  private changePage(page: Json, r: ChangeRequest): ChangePage {
    const changes: ItemChange[] = [];
    for (const entry of Array.isArray(page.value) ? (page.value as Json[]) : []) {
      const removed = entry['@removed'] !== undefined;
      // Graph does not tell a create from an update: both are upserts for the engine.
      const change: ItemChange = { type: removed ? 'deleted' : 'updated', id: String(entry.id) };
      if (typeof entry.changeKey === 'string') change.changeKey = entry.changeKey;
      if (r.options.kind === 'message' && !removed) change.message = messageSummary(entry);
      else if (r.options.kind !== 'message' && !removed) {
        // The page carries the whole item: the engine needs no GET for it (issue #7). No local id (not expandable on delta).
        const item = toRemoteItem(r.options.kind, entry);
        delete item.localId;
        change.item = item;
      }
      changes.push(change);
    }
    const next = page['@odata.nextLink'];
    const delta = page['@odata.deltaLink'];
    if (typeof next === 'string') return { changes, nextState: this.req.ownLink(next), moreAvailable: true };
    if (typeof delta === 'string') return { changes, nextState: this.req.ownLink(delta), moreAvailable: false };
    throw new ConnectorError({ protocol: 'graph', code: 'MB_DELTA_NO_LINK', mailbox: r.mailbox, message: 'a delta page carried neither @odata.nextLink nor @odata.deltaLink' });
  }

  async trackChanges(r: ChangeRequest): Promise<ChangePage> {
    const { url, prefer } = await this.deltaRequest(r);
    return this.changePage(await this.req.get(r.mailbox, url, prefer), r);
  }

  async trackChangesMany(requests: readonly ChangeRequest[]): Promise<Array<ChangePage | ConnectorError>> {
    const out: Array<ChangePage | ConnectorError> = [];
    for (let at = 0; at < requests.length; at += MAX_BATCH) {
      out.push(...await this.batch(requests.slice(at, at + MAX_BATCH)));
    }
    return out;
  }

  /** Up to 20 delta pages in one `$batch` round trip; each part answers (or fails) on its own. */
  private async batch(requests: readonly ChangeRequest[]): Promise<Array<ChangePage | ConnectorError>> {
    const results: Array<ChangePage | ConnectorError | undefined> = new Array(requests.length);
    const parts: Json[] = [];
    for (const [i, r] of requests.entries()) {
      try {
        const { url, prefer } = await this.deltaRequest(r);
        parts.push({ id: String(i), method: 'GET', url: url.slice(this.req.graphApiRoot.length), headers: withImmutableIds({ Prefer: prefer.join(', ') }) });
      } catch (error) {
        results[i] = error instanceof ConnectorError ? error : mapGraphError(error, {}, r.mailbox);
      }
    }
    if (parts.length > 0) {
      let answer: Json;
      try {
        answer = await this.req.call(requests[0]?.mailbox ?? '', (c) => c.api(this.req.url('/$batch')).post({ requests: parts }) as Promise<Json>);
      } catch (error) {
        // The envelope itself failed (throttled, network): every part it carried gets that error.
        for (const part of parts) results[Number(part.id)] = error as ConnectorError;
        answer = {};
      }
      for (const part of Array.isArray(answer.responses) ? (answer.responses as Json[]) : []) {
        const i = Number(part.id);
        const r = requests[i];
        if (!r) continue;
        const body = (part.body ?? {}) as Json;
        const status = Number(part.status);
        try {
          if (status >= 200 && status < 300) results[i] = this.changePage(body, r);
          else {
            const err = (body.error ?? {}) as Json;
            results[i] = mapGraphError({ statusCode: status, code: err.code, message: err.message, headers: (part.headers ?? {}) as Record<string, string> }, {}, r.mailbox);
          }
        } catch (error) {
          results[i] = mapGraphError(error, {}, r.mailbox);
        }
      }
    }
    return results.map((r, i) => r ?? new ConnectorError({ protocol: 'graph', code: 'MB_BATCH_NO_ANSWER', mailbox: requests[i]?.mailbox, message: `the $batch answer had no part ${i}` }));
  }
}

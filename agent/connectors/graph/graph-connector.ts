/**
 * The Microsoft Graph implementation of Connector (Exchange Online): app-only tokens from
 * msal-node, requests through @microsoft/microsoft-graph-client whose middleware is ours
 * (profile CA, no automatic retries). Delta per folder with `Prefer: odata.maxpagesize`;
 * the nextLink/deltaLink is the opaque state and is only ever sent back to the profile's
 * own Graph origin (a state pointing elsewhere would leak the bearer token).
 *
 * To Do tasks live in the mailbox's default task list; task ids are that list's ids.
 */
import { ResponseType, type Client } from '@microsoft/microsoft-graph-client';
import type {
  ChangePage, ChangeRequest, Connector, ConnectorStats, FetchedMessage, FolderInfo, FolderRef, ItemChange, ItemDataByKind, ItemKind, ListFoldersOptions,
  MailboxInfo, OutgoingMail, RemoteAppointment, RemoteItem, TimeWindow, TrackChangesOptions, UpdateOptions, WellKnownFolder,
} from '../connector.js';
import { MAX_FOLDER_DEPTH } from '../connector.js';
import { ConnectorError, folderTooDeepError } from '../connector-errors.js';
import { checkDepthOption, pathSegments } from '../folder-tree.js';
import { GRAPH_LOCAL_ID_PROPERTY_ID } from '../local-id-property.js';
import type { RoundTripCounter } from '../transport/round-trip-counter.js';
import { mapGraphError } from './graph-error-map.js';
import {
  localIdFields, localIdOf, LINKED_RESOURCE_APP, MESSAGE_SELECT, messageSummary, toRemoteItem, writeItem, type Json,
} from './graph-item-mapping.js';
import { graphContext, type GraphRecord } from './profile-graph-middleware.js';

export interface GraphConnectorOptions {
  profile: string;
  /** e.g. https://graph.microsoft.com/v1.0 (national clouds and the lab differ). */
  graphApiRoot: string;
  client: Client;
  counter: RoundTripCounter;
  staff: MailboxInfo[];
  shared: MailboxInfo[];
  close: () => void;
}

const DEFAULT_PAGE = 200;
/** Graph JSON batching: at most 20 requests per `$batch`. */
const MAX_BATCH = 20;
const UTC = 'outlook.timezone="UTC"';
const MAIL_FOLDER_ID: Partial<Record<WellKnownFolder, string>> = { inbox: 'inbox', sentitems: 'sentitems', msgfolderroot: 'msgfolderroot' };
const NOT_FOUND = new Set(['ErrorItemNotFound', 'itemNotFound', 'ResourceNotFound', 'HTTP_404']);
const FILTER_REFUSED = new Set(['ErrorInvalidUrlQueryFilter', 'BadRequest', 'invalidRequest', 'HTTP_400', 'ErrorInvalidProperty']);
const KIND_COLLECTION: Record<Exclude<ItemKind, 'task'>, string> = { appointment: 'events', contact: 'contacts' };

function enc(s: string): string {
  return encodeURIComponent(s);
}

function quote(s: string): string {
  return s.replace(/'/g, "''");
}

export class GraphConnector implements Connector {
  readonly protocol = 'graph' as const;
  readonly profile: string;
  private readonly origin: string;
  private readonly defaultLists = new Map<string, string>();

  constructor(private readonly options: GraphConnectorOptions) {
    this.profile = options.profile;
    this.origin = new URL(options.graphApiRoot).origin;
  }

  private url(path: string, query: Record<string, string> = {}): string {
    const q = Object.entries(query).map(([k, v]) => `${k}=${enc(v)}`).join('&');
    return `${this.options.graphApiRoot}${path}${q ? `?${q}` : ''}`;
  }

  private user(mailbox: string): string {
    return `/users/${enc(mailbox)}`;
  }

  private async call<T>(mailbox: string, run: (client: Client) => Promise<T>): Promise<T> {
    const record: GraphRecord = {};
    try {
      return await graphContext.run(record, () => run(this.options.client));
    } catch (error) {
      throw mapGraphError(error, record, mailbox);
    }
  }

  private get<T = Json>(mailbox: string, url: string, prefer: string[] = []): Promise<T> {
    return this.call(mailbox, (c) => {
      const req = c.api(url);
      if (prefer.length > 0) req.header('Prefer', prefer.join(', '));
      return req.get() as Promise<T>;
    });
  }

  /** Every page of a collection. */
  private async all(mailbox: string, url: string, prefer: string[] = []): Promise<Json[]> {
    const out: Json[] = [];
    let next: string | undefined = url;
    while (next) {
      const page: Json = await this.get(mailbox, next, [`odata.maxpagesize=${DEFAULT_PAGE}`, ...prefer]);
      out.push(...(Array.isArray(page.value) ? (page.value as Json[]) : []));
      next = typeof page['@odata.nextLink'] === 'string' ? this.ownLink(page['@odata.nextLink']) : undefined;
    }
    return out;
  }

  /** A link from the server (or a stored state) is followed only on the profile's Graph origin. */
  private ownLink(link: string): string {
    let origin: string;
    try {
      origin = new URL(link).origin;
    } catch {
      origin = '';
    }
    if (origin !== this.origin) {
      throw new ConnectorError({ protocol: 'graph', code: 'MB_DELTA_LINK_FOREIGN', message: `a delta/next link points to ${origin || 'an invalid URL'}, not to ${this.origin}` },
        { family: 'sync-state', cause: 'The stored sync state is not a link on this profile\'s Graph endpoint (endpoint changed, or the state was damaged).', fix: ['Run a full sync (mailbridge sync PROFILE --full).'] });
    }
    return link;
  }

  async discoverMailboxes(): Promise<MailboxInfo[]> {
    return [...this.options.staff, ...this.options.shared].map((m) => ({ ...m }));
  }

  private folderInfo(f: Json, parentPath: string, depth: number): FolderInfo {
    const displayName = String(f.displayName ?? '');
    const info: FolderInfo = { id: String(f.id), parentId: typeof f.parentFolderId === 'string' ? f.parentFolderId : null, displayName, path: parentPath ? `${parentPath}/${displayName}` : displayName, depth };
    if (typeof f.childFolderCount === 'number') info.childFolderCount = f.childFolderCount;
    if (typeof f.totalItemCount === 'number') info.totalItemCount = f.totalItemCount;
    return info;
  }

  private children(mailbox: string, parent: FolderInfo | null): Promise<Json[]> {
    const path = parent === null ? `${this.user(mailbox)}/mailFolders` : `${this.user(mailbox)}/mailFolders/${enc(parent.id)}/childFolders`;
    return this.all(mailbox, this.url(path));
  }

  async listFolders(mailbox: string, options: ListFoldersOptions = {}): Promise<FolderInfo[]> {
    const maxDepth = checkDepthOption('graph', options.maxDepth);
    const out: FolderInfo[] = [];
    const walk = async (parent: FolderInfo | null, depth: number): Promise<void> => {
      for (const f of await this.children(mailbox, parent)) {
        const info = this.folderInfo(f, parent?.path ?? '', depth);
        out.push(info);
        // v1.0 lists only one level; childFolderCount saves a request per leaf.
        if (depth < maxDepth && info.childFolderCount !== 0) await walk(info, depth + 1);
      }
    };
    await walk(null, 1);
    return out;
  }

  async resolveFolderPath(mailbox: string, path: string): Promise<FolderInfo> {
    const segments = pathSegments(path);
    if (segments.length > MAX_FOLDER_DEPTH) throw folderTooDeepError('graph', path, segments.length);
    let parent: FolderInfo | null = null;
    for (const [i, name] of segments.entries()) {
      const match = (await this.children(mailbox, parent)).find((f) => String(f.displayName ?? '').toLowerCase() === name.toLowerCase());
      if (!match) break;
      parent = this.folderInfo(match, parent?.path ?? '', i + 1);
      if (i === segments.length - 1) return parent;
    }
    throw new ConnectorError({ protocol: 'graph', code: 'MB_FOLDER_NOT_FOUND', mailbox, message: `no folder "${path}" in ${mailbox}` });
  }

  private async defaultTaskList(mailbox: string): Promise<string> {
    const key = mailbox.toLowerCase();
    const known = this.defaultLists.get(key);
    if (known) return known;
    const lists = await this.all(mailbox, this.url(`${this.user(mailbox)}/todo/lists`));
    const list = lists.find((l) => l.wellknownListName === 'defaultList') ?? lists[0];
    if (!list) throw new ConnectorError({ protocol: 'graph', code: 'MB_NO_TASK_LIST', mailbox, message: `${mailbox} has no To Do task list` });
    this.defaultLists.set(key, String(list.id));
    return String(list.id);
  }

  private async initialDeltaUrl(mailbox: string, folder: FolderRef, options: TrackChangesOptions): Promise<string> {
    const u = this.user(mailbox);
    const id = 'id' in folder ? folder.id : undefined;
    switch (options.kind) {
      case 'message': {
        const folderId = id ?? MAIL_FOLDER_ID[(folder as { wellKnown: WellKnownFolder }).wellKnown] ?? 'inbox';
        const query: Record<string, string> = { $select: MESSAGE_SELECT };
        if (options.receivedSince) query.$filter = `receivedDateTime ge ${new Date(options.receivedSince).toISOString()}`;
        return this.url(`${u}/mailFolders/${enc(folderId)}/messages/delta`, query);
      }
      case 'contact':
        return this.url(id ? `${u}/contactFolders/${enc(id)}/contacts/delta` : `${u}/contacts/delta`);
      case 'task':
        return this.url(`${u}/todo/lists/${enc(id ?? await this.defaultTaskList(mailbox))}/tasks/delta`);
      case 'appointment': {
        if (!options.window) {
          throw new ConnectorError({ protocol: 'graph', code: 'MB_WINDOW_REQUIRED', mailbox, message: 'Graph calendar delta needs a time window (calendarView/delta)' },
            { family: 'config', cause: 'Graph tracks calendar changes only inside a window frozen into the delta token.', fix: ['Pass options.window (EX-14 past days / recurring days ahead).'] });
        }
        return this.url(`${u}/calendarView/delta`, { startDateTime: options.window.start, endDateTime: options.window.end });
      }
    }
  }

  /** The URL and Prefer values of one delta page request. */
  private async deltaRequest(r: ChangeRequest): Promise<{ url: string; prefer: string[] }> {
    const url = r.state === null ? await this.initialDeltaUrl(r.mailbox, r.folder, r.options) : this.ownLink(r.state);
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
      changes.push(change);
    }
    const next = page['@odata.nextLink'];
    const delta = page['@odata.deltaLink'];
    if (typeof next === 'string') return { changes, nextState: this.ownLink(next), moreAvailable: true };
    if (typeof delta === 'string') return { changes, nextState: this.ownLink(delta), moreAvailable: false };
    throw new ConnectorError({ protocol: 'graph', code: 'MB_DELTA_NO_LINK', mailbox: r.mailbox, message: 'a delta page carried neither @odata.nextLink nor @odata.deltaLink' });
  }

  async trackChanges(mailbox: string, folder: FolderRef, state: string | null, options: TrackChangesOptions): Promise<ChangePage> {
    const r: ChangeRequest = { mailbox, folder, state, options };
    const { url, prefer } = await this.deltaRequest(r);
    return this.changePage(await this.get(mailbox, url, prefer), r);
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
        parts.push({ id: String(i), method: 'GET', url: url.slice(this.options.graphApiRoot.length), headers: { Prefer: prefer.join(', ') } });
      } catch (error) {
        results[i] = error instanceof ConnectorError ? error : mapGraphError(error, {}, r.mailbox);
      }
    }
    if (parts.length > 0) {
      let answer: Json;
      try {
        answer = await this.call(requests[0]?.mailbox ?? '', (c) => c.api(this.url('/$batch')).post({ requests: parts }) as Promise<Json>);
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

  private expandLocalId(kind: ItemKind): Record<string, string> {
    return kind === 'task' ? { $expand: 'linkedResources' } : { $expand: `singleValueExtendedProperties($filter=id eq '${GRAPH_LOCAL_ID_PROPERTY_ID}')` };
  }

  async calendarView(mailbox: string, window: TimeWindow): Promise<RemoteAppointment[]> {
    const url = this.url(`${this.user(mailbox)}/calendarView`, { startDateTime: window.start, endDateTime: window.end, ...this.expandLocalId('appointment') });
    const items = await this.all(mailbox, url, [UTC]);
    return items.map((e) => toRemoteItem('appointment', e)).sort((a, b) => a.data.start.localeCompare(b.data.start));
  }

  private async itemPath(mailbox: string, kind: ItemKind, id?: string): Promise<string> {
    const base = kind === 'task'
      ? `${this.user(mailbox)}/todo/lists/${enc(await this.defaultTaskList(mailbox))}/tasks`
      : `${this.user(mailbox)}/${KIND_COLLECTION[kind]}`;
    return id === undefined ? base : `${base}/${enc(id)}`;
  }

  async getItem<K extends ItemKind>(mailbox: string, kind: K, id: string): Promise<RemoteItem<K> | null> {
    try {
      const json = await this.get(mailbox, this.url(await this.itemPath(mailbox, kind, id), this.expandLocalId(kind)), [UTC]);
      return toRemoteItem(kind, json);
    } catch (error) {
      if (error instanceof ConnectorError && NOT_FOUND.has(error.code)) return null;
      throw error;
    }
  }

  async createItem<K extends ItemKind>(mailbox: string, kind: K, data: ItemDataByKind[K], localId: string): Promise<RemoteItem<K>> {
    const url = this.url(await this.itemPath(mailbox, kind));
    const body = { ...writeItem(kind, data), ...localIdFields(kind, localId) };
    const json = await this.call(mailbox, (c) => c.api(url).header('Prefer', UTC).post(body) as Promise<Json>);
    const item = toRemoteItem(kind, json);
    // The POST answer may not echo the stamp back; it is on the server either way.
    item.localId = localId;
    return item;
  }

  async updateItem<K extends ItemKind>(mailbox: string, kind: K, id: string, data: Partial<ItemDataByKind[K]>, options: UpdateOptions = {}): Promise<RemoteItem<K>> {
    const url = this.url(await this.itemPath(mailbox, kind, id));
    if (options.conflict === 'failOnConflict' && options.changeKey) {
      // Graph has no If-Match for Outlook items: compare just before the PATCH (sync-semantics.md §2.4).
      const current = await this.getItem(mailbox, kind, id);
      if (current && current.changeKey && current.changeKey !== options.changeKey) {
        throw new ConnectorError({ protocol: 'graph', code: 'ErrorIrresolvableConflict', mailbox, message: `Graph: ${kind} ${id} changed on the server since change key ${options.changeKey}` });
      }
    }
    const json = await this.call(mailbox, (c) => c.api(url).header('Prefer', UTC).patch(writeItem(kind, data)) as Promise<Json>);
    return toRemoteItem(kind, json);
  }

  async deleteItem(mailbox: string, kind: ItemKind, id: string): Promise<boolean> {
    const url = this.url(await this.itemPath(mailbox, kind, id));
    try {
      await this.call(mailbox, (c) => c.api(url).delete() as Promise<unknown>);
      return true;
    } catch (error) {
      if (error instanceof ConnectorError && NOT_FOUND.has(error.code)) return false;
      throw error;
    }
  }

  async findByLocalId<K extends ItemKind>(mailbox: string, kind: K, localId: string): Promise<RemoteItem<K> | null> {
    const base = await this.itemPath(mailbox, kind);
    const filter = kind === 'task'
      ? `linkedResources/any(r: r/applicationName eq '${LINKED_RESOURCE_APP}' and r/externalId eq '${quote(localId)}')`
      : `singleValueExtendedProperties/any(ep: ep/id eq '${GRAPH_LOCAL_ID_PROPERTY_ID}' and ep/value eq '${quote(localId)}')`;
    let candidates: Json[];
    try {
      candidates = await this.all(mailbox, this.url(base, { $filter: filter, ...this.expandLocalId(kind) }), [UTC]);
    } catch (error) {
      if (!(error instanceof ConnectorError) || !FILTER_REFUSED.has(error.code)) throw error;
      // A service that refuses the property filter: read the collection with the property expanded.
      candidates = await this.all(mailbox, this.url(base, this.expandLocalId(kind)), [UTC]);
    }
    // Checked again here, so a server that ignored the filter cannot hand back a wrong item.
    const hit = candidates.find((c) => localIdOf(c, kind) === localId);
    return hit ? toRemoteItem(kind, hit) : null;
  }

  async getMessage(mailbox: string, id: string): Promise<FetchedMessage> {
    const path = `${this.user(mailbox)}/messages/${enc(id)}`;
    const json = await this.get(mailbox, this.url(path, { $select: `${MESSAGE_SELECT}` }));
    const mime = await this.call(mailbox, (c) => c.api(this.url(`${path}/$value`)).responseType(ResponseType.ARRAYBUFFER).get() as Promise<ArrayBuffer>);
    const summary = messageSummary(json);
    const buffer = Buffer.from(mime);
    summary.size = buffer.length;
    return { summary, mime: buffer };
  }

  async sendMail(mailbox: string, mail: OutgoingMail): Promise<void> {
    const url = this.url(`${this.user(mailbox)}/sendMail`);
    const message = {
      subject: mail.subject, body: { contentType: 'Text', content: mail.body },
      toRecipients: mail.to.map((address) => ({ emailAddress: { address } })),
    };
    await this.call(mailbox, (c) => c.api(url).post({ message, saveToSentItems: true }) as Promise<unknown>);
  }

  stats(): ConnectorStats {
    return { roundTrips: this.options.counter.value };
  }

  async close(): Promise<void> {
    this.options.close();
  }
}

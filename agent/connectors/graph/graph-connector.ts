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
  ChangePage, ChangeRequest, Connector, ConnectorStats, FetchedMessage, FolderInfo, FolderRef, ItemDataByKind, ItemKind, ListFoldersOptions,
  MailboxInfo, OutgoingMail, RemoteAppointment, RemoteItem, TimeWindow, TrackChangesOptions, UpdateOptions,
} from '../connector.js';
import { MAX_FOLDER_DEPTH } from '../connector.js';
import { ConnectorError, folderTooDeepError } from '../connector-errors.js';
import { checkDepthOption, pathSegments } from '../folder-tree.js';
import { GRAPH_LOCAL_ID_PROPERTY_ID } from '../local-id-property.js';
import type { RoundTripCounter } from '../transport/round-trip-counter.js';
import { GraphDeltaTracker } from './graph-delta.js';
import { GraphFolderTree } from './graph-folder-tree.js';
import { readItemsBatched } from './graph-item-batch.js';
import {
  localIdFields, localIdOf, LINKED_RESOURCE_APP, MESSAGE_SELECT, messageSummary, toRemoteItem, writeItem, type Json,
} from './graph-item-mapping.js';
import { CALENDAR_VIEW_PAGE, enc, GraphRequester } from './graph-requester.js';

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

const UTC = 'outlook.timezone="UTC"';
const NOT_FOUND = new Set(['ErrorItemNotFound', 'itemNotFound', 'ResourceNotFound', 'HTTP_404']);
const FILTER_REFUSED = new Set(['ErrorInvalidUrlQueryFilter', 'BadRequest', 'invalidRequest', 'HTTP_400', 'ErrorInvalidProperty']);
const KIND_COLLECTION: Record<Exclude<ItemKind, 'task'>, string> = { appointment: 'events', contact: 'contacts' };

function quote(s: string): string {
  return s.replace(/'/g, "''");
}

export class GraphConnector implements Connector {
  readonly protocol = 'graph' as const;
  readonly profile: string;
  private readonly defaultLists = new Map<string, string>();
  private readonly req: GraphRequester;
  private readonly delta: GraphDeltaTracker;
  private readonly folders: GraphFolderTree;

  constructor(private readonly options: GraphConnectorOptions) {
    this.profile = options.profile;
    this.req = new GraphRequester(options.graphApiRoot, options.client);
    this.delta = new GraphDeltaTracker(this.req, (mailbox) => this.defaultTaskList(mailbox));
    this.folders = new GraphFolderTree(this.req);
  }

  async discoverMailboxes(): Promise<MailboxInfo[]> {
    return [...this.options.staff, ...this.options.shared].map((m) => ({ ...m }));
  }

  async listFolders(mailbox: string, options: ListFoldersOptions = {}): Promise<FolderInfo[]> {
    return this.folders.listTree(mailbox, checkDepthOption('graph', options.maxDepth));
  }

  async resolveFolderPath(mailbox: string, path: string): Promise<FolderInfo> {
    const depth = pathSegments(path).length;
    if (depth > MAX_FOLDER_DEPTH) throw folderTooDeepError('graph', path, depth);
    return this.folders.resolvePath(mailbox, path);
  }

  private async defaultTaskList(mailbox: string): Promise<string> {
    const key = mailbox.toLowerCase();
    const known = this.defaultLists.get(key);
    if (known) return known;
    const lists = await this.req.all(mailbox, this.req.url(`${this.req.user(mailbox)}/todo/lists`));
    const list = lists.find((l) => l.wellknownListName === 'defaultList') ?? lists[0];
    if (!list) throw new ConnectorError({ protocol: 'graph', code: 'MB_NO_TASK_LIST', mailbox, message: `${mailbox} has no To Do task list` });
    this.defaultLists.set(key, String(list.id));
    return String(list.id);
  }

  async trackChanges(mailbox: string, folder: FolderRef, state: string | null, options: TrackChangesOptions): Promise<ChangePage> {
    return this.delta.trackChanges({ mailbox, folder, state, options });
  }

  async trackChangesMany(requests: readonly ChangeRequest[]): Promise<Array<ChangePage | ConnectorError>> {
    return this.delta.trackChangesMany(requests);
  }

  private expandLocalId(kind: ItemKind): Record<string, string> {
    return kind === 'task' ? { $expand: 'linkedResources' } : { $expand: `singleValueExtendedProperties($filter=id eq '${GRAPH_LOCAL_ID_PROPERTY_ID}')` };
  }

  async calendarView(mailbox: string, window: TimeWindow): Promise<RemoteAppointment[]> {
    const url = this.req.url(`${this.req.user(mailbox)}/calendarView`, { startDateTime: window.start, endDateTime: window.end, ...this.expandLocalId('appointment') });
    const items = await this.req.all(mailbox, url, [UTC], CALENDAR_VIEW_PAGE);
    return items.map((e) => toRemoteItem('appointment', e)).sort((a, b) => a.data.start.localeCompare(b.data.start));
  }

  private async itemPath(mailbox: string, kind: ItemKind, id?: string): Promise<string> {
    const base = kind === 'task'
      ? `${this.req.user(mailbox)}/todo/lists/${enc(await this.defaultTaskList(mailbox))}/tasks`
      : `${this.req.user(mailbox)}/${KIND_COLLECTION[kind]}`;
    return id === undefined ? base : `${base}/${enc(id)}`;
  }

  async getItem<K extends ItemKind>(mailbox: string, kind: K, id: string): Promise<RemoteItem<K> | null> {
    try {
      const json = await this.req.get(mailbox, this.req.url(await this.itemPath(mailbox, kind, id), this.expandLocalId(kind)), [UTC]);
      return toRemoteItem(kind, json);
    } catch (error) {
      if (error instanceof ConnectorError && NOT_FOUND.has(error.code)) return null;
      throw error;
    }
  }

  /** Many items in `$batch` round trips of 20, at most 4 in flight (graph-item-batch.ts). */
  async getItems<K extends ItemKind>(mailbox: string, kind: K, ids: readonly string[]): Promise<Array<RemoteItem<K> | null>> {
    if (ids.length === 0) return [];
    const base = await this.itemPath(mailbox, kind);
    const expand = this.expandLocalId(kind);
    return readItemsBatched(this.req, {
      mailbox, kind, ids, prefer: [UTC], toItem: (json) => toRemoteItem(kind, json),
      urlOf: (id) => this.req.url(`${base}/${enc(id)}`, expand),
    });
  }

  async createItem<K extends ItemKind>(mailbox: string, kind: K, data: ItemDataByKind[K], localId: string): Promise<RemoteItem<K>> {
    const url = this.req.url(await this.itemPath(mailbox, kind));
    const body = { ...writeItem(kind, data), ...localIdFields(kind, localId) };
    const json = await this.req.call(mailbox, (c) => c.api(url).header('Prefer', UTC).post(body) as Promise<Json>);
    const item = toRemoteItem(kind, json);
    // The POST answer may not echo the stamp back; it is on the server either way.
    item.localId = localId;
    return item;
  }

  async updateItem<K extends ItemKind>(mailbox: string, kind: K, id: string, data: Partial<ItemDataByKind[K]>, options: UpdateOptions = {}): Promise<RemoteItem<K>> {
    const url = this.req.url(await this.itemPath(mailbox, kind, id));
    if (options.conflict === 'failOnConflict' && options.changeKey) {
      // Graph has no If-Match for Outlook items: compare just before the PATCH (sync-semantics.md §2.4).
      const current = await this.getItem(mailbox, kind, id);
      if (current && current.changeKey && current.changeKey !== options.changeKey) {
        throw new ConnectorError({ protocol: 'graph', code: 'ErrorIrresolvableConflict', mailbox, message: `Graph: ${kind} ${id} changed on the server since change key ${options.changeKey}` });
      }
    }
    const json = await this.req.call(mailbox, (c) => c.api(url).header('Prefer', UTC).patch(writeItem(kind, data)) as Promise<Json>);
    return toRemoteItem(kind, json);
  }

  async deleteItem(mailbox: string, kind: ItemKind, id: string): Promise<boolean> {
    const url = this.req.url(await this.itemPath(mailbox, kind, id));
    try {
      await this.req.call(mailbox, (c) => c.api(url).delete() as Promise<unknown>);
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
      candidates = await this.req.all(mailbox, this.req.url(base, { $filter: filter, ...this.expandLocalId(kind) }), [UTC]);
    } catch (error) {
      if (!(error instanceof ConnectorError) || !FILTER_REFUSED.has(error.code)) throw error;
      // A service that refuses the property filter: read the collection with the property expanded.
      candidates = await this.req.all(mailbox, this.req.url(base, this.expandLocalId(kind)), [UTC]);
    }
    // Checked again here, so a server that ignored the filter cannot hand back a wrong item.
    const hit = candidates.find((c) => localIdOf(c, kind) === localId);
    return hit ? toRemoteItem(kind, hit) : null;
  }

  async getMessage(mailbox: string, id: string): Promise<FetchedMessage> {
    const path = `${this.req.user(mailbox)}/messages/${enc(id)}`;
    const json = await this.req.get(mailbox, this.req.url(path, { $select: `${MESSAGE_SELECT}` }));
    const mime = await this.req.call(mailbox, (c) => c.api(this.req.url(`${path}/$value`)).responseType(ResponseType.ARRAYBUFFER).get() as Promise<ArrayBuffer>);
    const summary = messageSummary(json);
    const buffer = Buffer.from(mime);
    summary.size = buffer.length;
    return { summary, mime: buffer };
  }

  async sendMail(mailbox: string, mail: OutgoingMail): Promise<void> {
    const url = this.req.url(`${this.req.user(mailbox)}/sendMail`);
    const message = {
      subject: mail.subject, body: { contentType: 'Text', content: mail.body },
      toRecipients: mail.to.map((address) => ({ emailAddress: { address } })),
    };
    await this.req.call(mailbox, (c) => c.api(url).post({ message, saveToSentItems: true }) as Promise<unknown>);
  }

  stats(): ConnectorStats {
    return { roundTrips: this.options.counter.value };
  }

  async close(): Promise<void> {
    this.options.close();
  }
}

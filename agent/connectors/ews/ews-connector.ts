/**
 * The EWS implementation of Connector (Exchange on-premises and third-party hosted).
 * ews-javascript-api builds and parses the SOAP; ProfileXhrApi carries it with the
 * profile's trust and authentication. One ExchangeService per mailbox: impersonation
 * (EX-10) with X-AnchorMailbox set to that mailbox, as Microsoft recommends.
 *
 * Every operation runs inside an ExchangeRecord context so failures map to typed errors
 * with the server's own code and delay (ews-error-map.ts).
 */
import ews from 'ews-javascript-api';
import type {
  ChangePage, ChangeRequest, ChangeType, Connector, ConnectorStats, FetchedMessage, FolderInfo, FolderRef, ItemChange, ItemDataByKind, ItemKind,
  ListFoldersOptions, MailboxInfo, OutgoingMail, PublicContactsCapability, RemoteAppointment, RemoteItem, TimeWindow, TrackChangesOptions, UpdateOptions, WellKnownFolder,
} from '../connector.js';
import { ConnectorError } from '../connector-errors.js';
import { buildFolderTree, checkDepthOption, findByPath } from '../folder-tree.js';
import type { ConnectorTlsOptions } from '../transport/profile-trust.js';
import { RoundTripCounter } from '../transport/round-trip-counter.js';
import { calendarViewExpanded } from './ews-calendar-view.js';
import { mapEwsError } from './ews-error-map.js';
import {
  bindItem, fullPropertySet, LOCAL_ID_PROPERTY, localIdOf, localIdPropertySet, newItem, toRemoteItem, writeItem, writtenData,
} from './ews-item-mapping.js';
import { fetchMessage, fetchMessages, isMailFolderClass, messageSummaryOf, messageSummaryPropertySet, sendPlainMail } from './ews-messages.js';
import { EwsPublicContacts } from './ews-public-contacts.js';
import { exchangeContext, ProfileXhrApi, type EwsHttpAuth, type ExchangeRecord } from './profile-xhr-api.js';
import { TransportAuthenticatedCredentials } from './transport-credentials.js';

export interface EwsConnectorOptions {
  profile: string;
  ewsUrl: string;
  version: ews.ExchangeVersion;
  tls: ConnectorTlsOptions;
  auth: EwsHttpAuth;
  /** EX-10: the sync account impersonates each staff mailbox. */
  impersonation: boolean;
  /** Staff mailboxes (EX-15) by SMTP address. */
  staff: MailboxInfo[];
  /** Shared mailboxes whose mail is ingested (O365-4), by SMTP address. */
  shared?: MailboxInfo[];
  maxConnections?: number;
  timeoutMs?: number;
  /** Entries per CalendarView request before the window is split (default and maximum 1000, EWSFindCountLimit). */
  calendarViewMaxEntries?: number;
}

const WELL_KNOWN: Record<WellKnownFolder, ews.WellKnownFolderName> = {
  calendar: ews.WellKnownFolderName.Calendar,
  contacts: ews.WellKnownFolderName.Contacts,
  tasks: ews.WellKnownFolderName.Tasks,
  inbox: ews.WellKnownFolderName.Inbox,
  sentitems: ews.WellKnownFolderName.SentItems,
  msgfolderroot: ews.WellKnownFolderName.MsgFolderRoot,
};

/** Where each item kind lives. */
const KIND_FOLDER: Record<ItemKind, WellKnownFolder> = { appointment: 'calendar', contact: 'contacts', task: 'tasks' };

const CHANGE_TYPES: Record<string, ChangeType> = { Create: 'created', Update: 'updated', Delete: 'deleted', ReadFlagChange: 'readFlag' };

const FIND_PAGE = 200;
// The library writes the optional elements only when given; its typings do not admit null.
const NO_IGNORED_ITEMS = null as unknown as ews.ItemId[];
const NO_TASK_OCCURRENCES = null as unknown as ews.AffectedTaskOccurrence;
const FOLDER_PAGE = 500;
const ITEM_NOT_FOUND = new Set(['ErrorItemNotFound', 'ErrorInvalidIdMalformed']);

export class EwsConnector implements Connector {
  readonly protocol = 'ews' as const;
  readonly profile: string;
  private readonly counter = new RoundTripCounter();
  private readonly xhr: ProfileXhrApi;
  private readonly services = new Map<string, ews.ExchangeService>();
  readonly publicContacts: PublicContactsCapability;

  constructor(private readonly options: EwsConnectorOptions) {
    this.profile = options.profile;
    this.xhr = new ProfileXhrApi({
      tls: options.tls, auth: options.auth, counter: this.counter,
      ...(options.maxConnections !== undefined ? { maxConnections: options.maxConnections } : {}),
      ...(options.timeoutMs !== undefined ? { timeoutMs: options.timeoutMs } : {}),
    });
    // Autodiscover is asked as the sync account's UPN when it is one, else as the first staff mailbox.
    const own = 'user' in options.auth && options.auth.user.includes('@') ? [options.auth.user] : [];
    this.publicContacts = new EwsPublicContacts({
      xhr: this.xhr, ewsUrl: options.ewsUrl, version: options.version,
      autodiscoverAddresses: [...own, ...options.staff.map((m) => m.address)],
    });
  }

  /** The service for a mailbox: impersonating it, or the account's own when not impersonating. */
  private service(mailbox: string): ews.ExchangeService {
    const key = mailbox.toLowerCase();
    let s = this.services.get(key);
    if (!s) {
      s = new ews.ExchangeService(this.options.version);
      s.Url = new ews.Uri(this.options.ewsUrl);
      s.Credentials = new TransportAuthenticatedCredentials();
      s.XHRApi = this.xhr;
      if (this.options.impersonation && mailbox) {
        s.ImpersonatedUserId = new ews.ImpersonatedUserId(ews.ConnectingIdType.SmtpAddress, mailbox);
        s.HttpHeaders.Add('X-AnchorMailbox', mailbox);
      }
      this.services.set(key, s);
    }
    return s;
  }

  /** Runs one library call with a wire record, mapping whatever it throws. */
  private async call<T>(mailbox: string, run: (service: ews.ExchangeService) => Promise<T>): Promise<T> {
    const record: ExchangeRecord = {};
    try {
      return await exchangeContext.run(record, () => run(this.service(mailbox)));
    } catch (error) {
      throw mapEwsError(error, record, mailbox);
    }
  }

  private folderId(mailbox: string, folder: FolderRef): ews.FolderId {
    if ('id' in folder) return new ews.FolderId(folder.id);
    const name = WELL_KNOWN[folder.wellKnown];
    // Without impersonation a shared mailbox is opened as a delegate: its folders name it (O365-4).
    const named = this.options.impersonation || this.isShared(mailbox);
    return named ? new ews.FolderId(name, new ews.Mailbox(mailbox)) : new ews.FolderId(name);
  }

  private isShared(mailbox: string): boolean {
    return (this.options.shared ?? []).some((m) => m.address.toLowerCase() === mailbox.toLowerCase());
  }

  async discoverMailboxes(): Promise<MailboxInfo[]> {
    return [...this.options.staff, ...(this.options.shared ?? [])].map((m) => ({ ...m }));
  }

  async listFolders(mailbox: string, options: ListFoldersOptions = {}): Promise<FolderInfo[]> {
    const maxDepth = checkDepthOption('ews', options.maxDepth);
    const raw: Array<{ id: string; parentId: string | null; displayName: string; childFolderCount?: number; totalItemCount?: number }> = [];
    const notMail = new Set<string>();
    await this.call(mailbox, async (service) => {
      const props = new ews.PropertySet(ews.BasePropertySet.IdOnly, [
        ews.FolderSchema.DisplayName, ews.FolderSchema.ParentFolderId, ews.FolderSchema.ChildFolderCount, ews.FolderSchema.TotalCount, ews.FolderSchema.FolderClass,
      ]);
      for (let offset = 0; ; ) {
        const view = new ews.FolderView(FOLDER_PAGE, offset);
        view.Traversal = ews.FolderTraversal.Deep;
        view.PropertySet = props;
        const page = await service.FindFolders(this.folderId(mailbox, { wellKnown: 'msgfolderroot' }), view);
        for (const f of page.Folders) {
          raw.push({ id: f.Id.UniqueId, parentId: f.ParentFolderId?.UniqueId ?? null, displayName: f.DisplayName, childFolderCount: f.ChildFolderCount, totalItemCount: f.TotalCount });
          if (!isMailFolderClass(f.FolderClass)) notMail.add(f.Id.UniqueId);
        }
        if (!page.MoreAvailable || page.Folders.length === 0) break;
        offset = page.NextPageOffset ?? offset + page.Folders.length;
      }
    });
    // Mail folders only, as Graph's mailFolders: a shared mailbox's calendar or contacts are not
    // mail to ingest. Paths and depths come from the whole tree, so a mail folder keeps its place.
    return buildFolderTree(raw).filter((f) => f.depth <= maxDepth && !notMail.has(f.id));
  }

  async resolveFolderPath(mailbox: string, path: string): Promise<FolderInfo> {
    return findByPath('ews', path, () => this.listFolders(mailbox));
  }

  async trackChanges(mailbox: string, folder: FolderRef, state: string | null, options: TrackChangesOptions): Promise<ChangePage> {
    const pageSize = Math.min(Math.max(options.pageSize ?? 200, 1), 512);
    return this.call(mailbox, async (service) => {
      // Mail folders: each change carries the message summary (received, Message-ID, …) so
      // ingestion skips old and already stored mail without a GetItem per message (O365-3).
      const messages = options.kind === 'message';
      const changes = await service.SyncFolderItems(
        this.folderId(mailbox, folder), messages ? messageSummaryPropertySet() : ews.PropertySet.IdOnly, NO_IGNORED_ITEMS, pageSize,
        ews.SyncFolderItemsScope.NormalItems, state ?? '',
      );
      const out: ItemChange[] = [];
      for (const c of changes.GetEnumerator()) {
        const id = c.ItemId ?? c.Id;
        const type = CHANGE_TYPES[ews.ChangeType[c.ChangeType]];
        if (!id || !type) continue;
        const change: ItemChange = { type, id: id.UniqueId };
        if (id.ChangeKey) change.changeKey = id.ChangeKey;
        if (messages && (type === 'created' || type === 'updated') && c.Item) change.message = messageSummaryOf(c.Item);
        out.push(change);
      }
      return { changes: out, nextState: changes.SyncState, moreAvailable: changes.MoreChangesAvailable };
    });
  }

  async trackChangesMany(requests: readonly ChangeRequest[]): Promise<Array<ChangePage | ConnectorError>> {
    const out: Array<ChangePage | ConnectorError> = [];
    for (const r of requests) {
      try {
        out.push(await this.trackChanges(r.mailbox, r.folder, r.state, r.options));
      } catch (error) {
        out.push(mapEwsError(error, {}, r.mailbox));
      }
    }
    return out;
  }

  async calendarView(mailbox: string, window: TimeWindow): Promise<RemoteAppointment[]> {
    return calendarViewExpanded((run) => this.call(mailbox, run), this.folderId(mailbox, { wellKnown: 'calendar' }), window, this.options.calendarViewMaxEntries);
  }

  async getItem<K extends ItemKind>(mailbox: string, kind: K, id: string): Promise<RemoteItem<K> | null> {
    try {
      return await this.call(mailbox, async (service) => toRemoteItem(kind, await bindItem(kind, service, id, fullPropertySet(kind))));
    } catch (error) {
      if (error instanceof ConnectorError && ITEM_NOT_FOUND.has(error.code)) return null;
      throw error;
    }
  }

  /**
   * Many items in one GetItem round trip. Each id answers on its own: not found is null,
   * any other per-item error fails the call with its typed error (ErrorServerBusy → the
   * engine's throttle gate retries the lot; reads are idempotent).
   */
  async getItems<K extends ItemKind>(mailbox: string, kind: K, ids: readonly string[]): Promise<Array<RemoteItem<K> | null>> {
    if (ids.length === 0) return [];
    return this.call(mailbox, async (service) => {
      const responses = await service.BindToItems(ids.map((id) => new ews.ItemId(id)), fullPropertySet(kind));
      const out: Array<RemoteItem<K> | null> = [];
      for (const response of responses.Responses) {
        if (response.Result === ews.ServiceResult.Success || response.Result === ews.ServiceResult.Warning) {
          out.push(toRemoteItem(kind, response.Item));
          continue;
        }
        if (ITEM_NOT_FOUND.has(ews.ServiceError[response.ErrorCode] ?? '')) { out.push(null); continue; }
        // The error mapper reads the library's error shape: code and details of this one response.
        throw Object.assign(new Error(response.ErrorMessage ?? 'GetItem failed'), { ErrorCode: response.ErrorCode, ErrorDetails: response.ErrorDetails });
      }
      if (out.length !== ids.length) throw new ConnectorError({ protocol: 'ews', code: 'MB_GETITEM_SHORT', mailbox, message: `GetItem answered ${out.length} of ${ids.length} items` });
      return out;
    });
  }

  async createItem<K extends ItemKind>(mailbox: string, kind: K, data: ItemDataByKind[K], localId: string): Promise<RemoteItem<K>> {
    return this.call(mailbox, async (service) => {
      const item = newItem(kind, service);
      writeItem(kind, item, data);
      item.SetExtendedProperty(LOCAL_ID_PROPERTY, localId);
      const folder = this.folderId(mailbox, { wellKnown: KIND_FOLDER[kind] });
      if (kind === 'appointment') await (item as ews.Appointment).Save(folder, ews.SendInvitationsMode.SendToNone);
      else await item.Save(folder);
      const created: RemoteItem<K> = { kind, id: item.Id.UniqueId, data: writtenData(kind, item, data), localId };
      if (item.Id.ChangeKey) created.changeKey = item.Id.ChangeKey;
      return created;
    });
  }

  async updateItem<K extends ItemKind>(mailbox: string, kind: K, id: string, data: Partial<ItemDataByKind[K]>, options: UpdateOptions = {}): Promise<RemoteItem<K>> {
    return this.call(mailbox, async (service) => {
      const item = await bindItem(kind, service, id, fullPropertySet(kind));
      if (options.conflict === 'failOnConflict' && options.changeKey && item.Id.ChangeKey !== options.changeKey) {
        throw new ConnectorError({ protocol: 'ews', code: 'ErrorIrresolvableConflict', mailbox, message: `EWS: ${kind} ${id} changed on the server since change key ${options.changeKey}` });
      }
      writeItem(kind, item, data);
      const mode = options.conflict === 'autoResolve' ? ews.ConflictResolutionMode.AutoResolve
        : options.conflict === 'failOnConflict' ? ews.ConflictResolutionMode.NeverOverwrite : ews.ConflictResolutionMode.AlwaysOverwrite;
      if (kind === 'appointment') await (item as ews.Appointment).Update(mode, ews.SendInvitationsOrCancellationsMode.SendToNone);
      else await item.Update(mode);
      const updated = toRemoteItem(kind, item);
      updated.data = { ...updated.data, ...writtenData(kind, item, data) };
      return updated;
    });
  }

  async deleteItem(mailbox: string, kind: ItemKind, id: string): Promise<boolean> {
    return this.call(mailbox, async (service) => {
      const responses = await service.DeleteItems([new ews.ItemId(id)], ews.DeleteMode.MoveToDeletedItems, ews.SendCancellationsMode.SendToNone,
        kind === 'task' ? ews.AffectedTaskOccurrence.AllOccurrences : NO_TASK_OCCURRENCES);
      const first = responses.Responses[0];
      if (!first || first.Result === ews.ServiceResult.Success) return true;
      const code = ews.ServiceError[first.ErrorCode];
      if (ITEM_NOT_FOUND.has(code)) return false;
      throw new ConnectorError({ protocol: 'ews', code, mailbox, message: `EWS ${code}: ${first.ErrorMessage}` });
    });
  }

  async findByLocalId<K extends ItemKind>(mailbox: string, kind: K, localId: string): Promise<RemoteItem<K> | null> {
    const folder = this.folderId(mailbox, { wellKnown: KIND_FOLDER[kind] });
    const id = await this.call(mailbox, async (service) => {
      const filter = new ews.SearchFilter.IsEqualTo(LOCAL_ID_PROPERTY, localId);
      for (let offset = 0; ; ) {
        const view = new ews.ItemView(FIND_PAGE, offset);
        view.PropertySet = localIdPropertySet();
        const page = await service.FindItems(folder, filter, view);
        // The restriction already matches on a real server; checking the value again keeps
        // a server that ignores restrictions from handing back a wrong item.
        const hit = page.Items.find((i) => localIdOf(i) === localId);
        if (hit) return hit.Id.UniqueId;
        if (!page.MoreAvailable || page.Items.length === 0) return null;
        offset = page.NextPageOffset ?? offset + page.Items.length;
      }
    });
    return id === null ? null : this.getItem(mailbox, kind, id);
  }

  async getMessage(mailbox: string, id: string): Promise<FetchedMessage> {
    return this.call(mailbox, (service) => fetchMessage(service, id));
  }

  async getMessages(mailbox: string, ids: readonly string[]): Promise<Array<FetchedMessage | null>> {
    return this.call(mailbox, (service) => fetchMessages(service, ids));
  }

  async sendMail(mailbox: string, mail: OutgoingMail): Promise<void> {
    await this.call(mailbox, (service) => sendPlainMail(service, mail));
  }

  stats(): ConnectorStats {
    return { roundTrips: this.counter.value };
  }

  async close(): Promise<void> {
    this.xhr.disconnect();
    this.services.clear();
  }
}

/**
 * A test double for the *server* side of the Connector interface: an in-memory mailbox
 * store with per-folder change logs, opaque paged sync states that can be invalidated,
 * recurring series with exceptions, the local-id property, messages with MIME, throttling
 * with a server delay, and a "lost answer" switch for creates. The engine under test is
 * the real one; this only stands in for Exchange where the lab is not reachable through
 * a committed connector yet.
 */
import type {
  AppointmentData, ChangePage, ChangeRequest, Connector, FetchedMessage, FolderInfo, FolderRef, ItemChange, ItemDataByKind, ItemKind,
  MailboxInfo, MessageSummary, OutgoingMail, RemoteAppointment, RemoteItem, TimeWindow, TrackChangesOptions, UpdateOptions, WellKnownFolder,
} from '../../agent/connectors/connector.js';
import { ConnectorError, ResyncRequiredError, ThrottledError, folderTooDeepError } from '../../agent/connectors/connector-errors.js';

const DAY = 86_400_000;

interface StoredItem {
  id: string;
  kind: ItemKind | 'message';
  data: Record<string, unknown>;
  changeKey: string;
  localId?: string;
  lastModified: string;
  type?: 'single' | 'seriesMaster';
  recurrence?: { intervalDays: number; count: number; exceptions: Map<number, Record<string, unknown> | null> };
  message?: { summary: MessageSummary; mime: Buffer };
}

interface Folder {
  info: FolderInfo;
  wellKnown?: WellKnownFolder;
  items: Map<string, StoredItem>;
  log: Array<{ seq: number; id: string; type: 'created' | 'updated' | 'deleted' }>;
  generation: number;
}

interface State { f: string; g: number; seq: number; offset?: number; ids?: string[] }

const encode = (s: State): string => Buffer.from(JSON.stringify(s)).toString('base64');
const decode = (s: string): State => JSON.parse(Buffer.from(s, 'base64').toString('utf8')) as State;

export class MemoryExchange implements Connector {
  readonly protocol: 'ews' | 'graph';
  readonly profile = 'memory';
  private readonly mailboxes = new Map<string, Map<string, Folder>>();
  private seq = 0;
  private nextId = 1;
  private calls = 0;
  /** Method names called, in order (for round-trip assertions). */
  readonly callLog: string[] = [];
  private throttles: number[] = [];
  /** Times at which calls arrived, for throttling assertions. */
  readonly callTimes: number[] = [];
  private loseNextCreateAnswer = false;
  /** trackChanges calls still answered before one fails (a server error mid-round); undefined = never. */
  private trackChangesLeft: number | undefined;

  constructor(protocol: 'ews' | 'graph' = 'ews') {
    this.protocol = protocol;
  }

  // ── control (what the lab's control endpoint does) ──────────────────────

  addMailbox(address: string, extraFolders: string[] = []): void {
    const folders = new Map<string, Folder>();
    this.mailboxes.set(address.toLowerCase(), folders);
    const add = (path: string, wellKnown?: WellKnownFolder) => {
      const parts = path.split('/');
      const parent = parts.length > 1 ? [...folders.values()].find((f) => f.info.path === parts.slice(0, -1).join('/')) : undefined;
      const id = `F${this.nextId++}`;
      folders.set(id, { info: { id, parentId: parent?.info.id ?? null, displayName: parts.at(-1) as string, path, depth: parts.length }, ...(wellKnown ? { wellKnown } : {}), items: new Map(), log: [], generation: 1 });
    };
    add('Calendar', 'calendar'); add('Contacts', 'contacts'); add('Tasks', 'tasks'); add('Inbox', 'inbox'); add('Sent Items', 'sentitems');
    for (const path of extraFolders) add(path);
  }

  private box(mailbox: string): Map<string, Folder> {
    const box = this.mailboxes.get(mailbox.toLowerCase());
    if (!box) throw new ConnectorError({ protocol: this.protocol, code: 'ErrorNonExistentMailbox', message: `no mailbox ${mailbox}`, mailbox });
    return box;
  }

  folder(mailbox: string, ref: FolderRef): Folder {
    const folders = [...this.box(mailbox).values()];
    const found = 'id' in ref ? folders.find((f) => f.info.id === ref.id) : folders.find((f) => f.wellKnown === ref.wellKnown);
    if (!found) throw new ConnectorError({ protocol: this.protocol, code: 'ErrorFolderNotFound', message: 'no such folder' });
    return found;
  }

  private folderOfItem(mailbox: string, id: string): { folder: Folder; item: StoredItem } | undefined {
    for (const folder of this.box(mailbox).values()) {
      const item = folder.items.get(id);
      if (item) return { folder, item };
    }
    return undefined;
  }

  private log(folder: Folder, id: string, type: 'created' | 'updated' | 'deleted'): void {
    folder.log.push({ seq: ++this.seq, id, type });
  }

  /** A change made in Exchange by someone else (Outlook, OWA). */
  serverCreate(mailbox: string, kind: ItemKind, data: Record<string, unknown>, extra: Partial<Pick<StoredItem, 'recurrence' | 'localId'>> = {}, at = new Date()): string {
    const folder = this.folder(mailbox, { wellKnown: kind === 'appointment' ? 'calendar' : kind === 'contact' ? 'contacts' : 'tasks' });
    const id = `I${this.nextId++}`;
    folder.items.set(id, { id, kind, data: { ...data }, changeKey: `ck${this.seq + 1}`, lastModified: at.toISOString(), ...(extra.recurrence ? { type: 'seriesMaster', recurrence: extra.recurrence } : { type: 'single' }), ...(extra.localId ? { localId: extra.localId } : {}) });
    this.log(folder, id, 'created');
    return id;
  }

  serverUpdate(mailbox: string, id: string, patch: Record<string, unknown>, at = new Date()): void {
    const hit = this.folderOfItem(mailbox, id);
    if (!hit) throw new Error(`no item ${id}`);
    hit.item.data = { ...hit.item.data, ...patch };
    hit.item.changeKey = `ck${this.seq + 1}`;
    hit.item.lastModified = at.toISOString();
    this.log(hit.folder, id, 'updated');
  }

  serverDelete(mailbox: string, id: string): void {
    const hit = this.folderOfItem(mailbox, id);
    if (!hit) throw new Error(`no item ${id}`);
    hit.folder.items.delete(id);
    this.log(hit.folder, id, 'deleted');
  }

  /** An exception of a series: a changed occurrence (data) or a deleted one (null). */
  serverException(mailbox: string, masterId: string, index: number, data: Record<string, unknown> | null): void {
    const hit = this.folderOfItem(mailbox, masterId);
    if (!hit?.item.recurrence) throw new Error('not a series');
    const base = this.occurrenceData(hit.item, index);
    hit.item.recurrence.exceptions.set(index, data === null ? null : { ...base, ...data });
    hit.item.changeKey = `ck${this.seq + 1}`;
    this.log(hit.folder, masterId, 'updated');
  }

  serverDeliver(mailbox: string, folderPath: string, summary: Omit<MessageSummary, 'id'>, body = 'hello'): string {
    const folder = [...this.box(mailbox).values()].find((f) => f.info.path === folderPath);
    if (!folder) throw new Error(`no folder ${folderPath}`);
    const id = `M${this.nextId++}`;
    const mime = Buffer.from(`Message-ID: ${summary.internetMessageId ?? ''}\r\nSubject: ${summary.subject ?? ''}\r\n\r\n${body}\r\n`);
    folder.items.set(id, { id, kind: 'message', data: {}, changeKey: 'm1', lastModified: new Date().toISOString(), message: { summary: { ...summary, id, size: mime.length }, mime } });
    this.log(folder, id, 'created');
    return id;
  }

  /** Every stored sync state of this folder becomes invalid (ErrorInvalidSyncStateData / 410). */
  invalidateStates(mailbox: string, ref: FolderRef): void {
    this.folder(mailbox, ref).generation += 1;
  }

  throttleNext(count: number, retryAfterMs: number): void {
    this.throttles.push(...Array.from({ length: count }, () => retryAfterMs));
  }

  /** The next create is stored by the server but its answer never reaches the client. */
  loseNextCreate(): void {
    this.loseNextCreateAnswer = true;
  }

  itemsIn(mailbox: string, ref: FolderRef): Array<{ id: string; data: Record<string, unknown>; localId?: string }> {
    return [...this.folder(mailbox, ref).items.values()].map((i) => ({ id: i.id, data: i.data, ...(i.localId ? { localId: i.localId } : {}) }));
  }

  // ── the Connector interface ─────────────────────────────────────────────

  private enter(name: string): void {
    this.calls += 1;
    this.callLog.push(name);
    this.callTimes.push(Date.now());
    const delay = this.throttles.shift();
    if (delay !== undefined) throw new ThrottledError({ protocol: this.protocol, code: this.protocol === 'ews' ? 'ErrorServerBusy' : 'ApplicationThrottled', message: 'throttled', retryAfterMs: delay });
  }

  discoverMailboxes(): Promise<MailboxInfo[]> {
    this.enter('discoverMailboxes');
    return Promise.resolve([...this.mailboxes.keys()].map((address) => ({ address, role: 'staff' as const })));
  }

  listFolders(mailbox: string, options: { maxDepth?: number } = {}): Promise<FolderInfo[]> {
    this.enter('listFolders');
    const max = options.maxDepth ?? 5;
    if (max > 5) return Promise.reject(folderTooDeepError(this.protocol, '(maxDepth)', max));
    return Promise.resolve([...this.box(mailbox).values()].filter((f) => !f.wellKnown || f.wellKnown === 'inbox' || f.wellKnown === 'sentitems').filter((f) => f.info.depth <= max).map((f) => f.info));
  }

  resolveFolderPath(mailbox: string, path: string): Promise<FolderInfo> {
    this.enter('resolveFolderPath');
    const depth = path.split('/').length;
    if (depth > 5) return Promise.reject(folderTooDeepError(this.protocol, path, depth));
    const folder = [...this.box(mailbox).values()].find((f) => f.info.path.toLowerCase() === path.toLowerCase());
    if (!folder) return Promise.reject(new ConnectorError({ protocol: this.protocol, code: 'MB_FOLDER_NOT_FOUND', message: `no folder ${path}` }));
    return Promise.resolve(folder.info);
  }

  /** After `calls` more trackChanges answers, the next one fails with a server error (a round cut off between pages). */
  failTrackChangesAfter(calls: number): void {
    this.trackChangesLeft = calls;
  }

  trackChanges(mailbox: string, ref: FolderRef, state: string | null, options: TrackChangesOptions): Promise<ChangePage> {
    this.enter('trackChanges');
    if (this.trackChangesLeft !== undefined && this.trackChangesLeft-- <= 0) {
      this.trackChangesLeft = undefined;
      return Promise.reject(new ConnectorError({ protocol: this.protocol, code: 'ErrorInternalServerError', message: 'the server failed mid-round', mailbox }));
    }
    const folder = this.folder(mailbox, ref);
    const size = options.pageSize ?? 200;
    let s: State;
    if (state === null) {
      let items = [...folder.items.values()];
      if (options.kind === 'message' && options.receivedSince && this.protocol === 'graph') items = items.filter((i) => Date.parse(i.message?.summary.receivedAt ?? '') >= Date.parse(options.receivedSince as string));
      s = { f: folder.info.id, g: folder.generation, seq: this.seq, offset: 0, ids: items.map((i) => i.id) };
    } else {
      s = decode(state);
      if (s.f !== folder.info.id || s.g !== folder.generation) {
        return Promise.reject(new ResyncRequiredError({ protocol: this.protocol, code: this.protocol === 'ews' ? 'ErrorInvalidSyncStateData' : 'SyncStateNotFound', message: 'sync state is no longer valid', mailbox }));
      }
    }
    const summaryOf = (id: string): MessageSummary | undefined => (this.protocol === 'graph' ? folder.items.get(id)?.message?.summary : undefined);
    if (s.ids) {
      const page = s.ids.slice(s.offset ?? 0, (s.offset ?? 0) + size);
      const rest = (s.offset ?? 0) + size < s.ids.length;
      const changes: ItemChange[] = page.filter((id) => folder.items.has(id)).map((id) => {
        const m = summaryOf(id);
        return { type: 'created', id, changeKey: folder.items.get(id)?.changeKey as string, ...(m ? { message: m } : {}) };
      });
      const next: State = rest ? { ...s, offset: (s.offset ?? 0) + size } : { f: s.f, g: s.g, seq: s.seq };
      return Promise.resolve({ changes, nextState: encode(next), moreAvailable: rest });
    }
    const pending = folder.log.filter((e) => e.seq > s.seq);
    const page = pending.slice(0, size);
    const last = page.at(-1)?.seq ?? s.seq;
    const changes: ItemChange[] = page.map((e) => {
      const item = folder.items.get(e.id);
      const m = summaryOf(e.id);
      return { type: e.type, id: e.id, ...(item && e.type !== 'deleted' ? { changeKey: item.changeKey } : {}), ...(m ? { message: m } : {}) };
    });
    return Promise.resolve({ changes, nextState: encode({ f: s.f, g: s.g, seq: last }), moreAvailable: pending.length > size });
  }

  async trackChangesMany(requests: readonly ChangeRequest[]): Promise<Array<ChangePage | ConnectorError>> {
    const out: Array<ChangePage | ConnectorError> = [];
    for (const r of requests) {
      try {
        out.push(await this.trackChanges(r.mailbox, r.folder, r.state, r.options));
      } catch (error) {
        if (!(error instanceof ConnectorError)) throw error;
        out.push(error);
      }
    }
    return out;
  }

  private occurrenceData(master: StoredItem, index: number): Record<string, unknown> {
    const d = master.data as unknown as AppointmentData;
    const shift = index * (master.recurrence?.intervalDays ?? 1) * DAY;
    return { ...master.data, start: new Date(Date.parse(d.start) + shift).toISOString(), end: new Date(Date.parse(d.end) + shift).toISOString() };
  }

  private occurrences(master: StoredItem): RemoteAppointment[] {
    const out: RemoteAppointment[] = [];
    const r = master.recurrence;
    if (!r) return out;
    for (let i = 0; i < r.count; i += 1) {
      const ex = r.exceptions.get(i);
      if (ex === null) continue;
      out.push({ kind: 'appointment', id: `${master.id}:${i}`, changeKey: `${master.changeKey}:${i}`, data: (ex ?? this.occurrenceData(master, i)) as unknown as AppointmentData, appointmentType: ex ? 'exception' : 'occurrence', seriesMasterId: master.id, lastModified: master.lastModified });
    }
    return out;
  }

  calendarView(mailbox: string, window: TimeWindow): Promise<RemoteAppointment[]> {
    this.enter('calendarView');
    const folder = this.folder(mailbox, { wellKnown: 'calendar' });
    const out: RemoteAppointment[] = [];
    for (const item of folder.items.values()) {
      const all = item.type === 'seriesMaster' ? this.occurrences(item) : [this.toRemote(item) as RemoteAppointment];
      for (const a of all) if (Date.parse(a.data.start) < Date.parse(window.end) && Date.parse(a.data.end) > Date.parse(window.start)) out.push(a);
    }
    return Promise.resolve(out);
  }

  private toRemote(item: StoredItem): RemoteItem {
    return {
      kind: item.kind as ItemKind, id: item.id, changeKey: item.changeKey, lastModified: item.lastModified, data: { ...item.data } as never,
      ...(item.localId ? { localId: item.localId } : {}), ...(item.kind === 'appointment' ? { appointmentType: item.type === 'seriesMaster' ? 'seriesMaster' : 'single' } : {}),
    };
  }

  getItem<K extends ItemKind>(mailbox: string, kind: K, id: string): Promise<RemoteItem<K> | null> {
    this.enter('getItem');
    const [masterId, index] = id.split(':');
    if (index !== undefined) {
      const hit = this.folderOfItem(mailbox, masterId as string);
      return Promise.resolve((hit ? this.occurrences(hit.item).find((o) => o.id === id) ?? null : null) as RemoteItem<K> | null);
    }
    const hit = this.folderOfItem(mailbox, id);
    return Promise.resolve(hit && hit.item.kind === kind ? (this.toRemote(hit.item) as RemoteItem<K>) : null);
  }

  /** One batched call; each id is logged as an item read too, so tests count reads the same either way. */
  async getItems<K extends ItemKind>(mailbox: string, kind: K, ids: readonly string[]): Promise<Array<RemoteItem<K> | null>> {
    this.enter('getItems');
    const out: Array<RemoteItem<K> | null> = [];
    for (const id of ids) out.push(await this.getItem(mailbox, kind, id));
    return out;
  }

  createItem<K extends ItemKind>(mailbox: string, kind: K, data: ItemDataByKind[K], localId: string): Promise<RemoteItem<K>> {
    this.enter('createItem');
    const id = this.serverCreate(mailbox, kind, data as unknown as Record<string, unknown>, { localId });
    if (this.loseNextCreateAnswer) {
      this.loseNextCreateAnswer = false;
      return Promise.reject(new ConnectorError({ protocol: this.protocol, code: 'ECONNRESET', message: 'socket hang up' }));
    }
    return Promise.resolve(this.toRemote(this.folderOfItem(mailbox, id)?.item as StoredItem) as RemoteItem<K>);
  }

  updateItem<K extends ItemKind>(mailbox: string, kind: K, id: string, data: Partial<ItemDataByKind[K]>, _options?: UpdateOptions): Promise<RemoteItem<K>> {
    this.enter('updateItem');
    const hit = this.folderOfItem(mailbox, id);
    if (!hit) return Promise.reject(new ConnectorError({ protocol: this.protocol, code: 'ErrorItemNotFound', message: 'gone' }));
    this.serverUpdate(mailbox, id, data as Record<string, unknown>);
    return Promise.resolve(this.toRemote(hit.item) as RemoteItem<K>);
  }

  deleteItem(mailbox: string, _kind: ItemKind, id: string): Promise<boolean> {
    this.enter('deleteItem');
    if (!this.folderOfItem(mailbox, id)) return Promise.resolve(false);
    this.serverDelete(mailbox, id);
    return Promise.resolve(true);
  }

  findByLocalId<K extends ItemKind>(mailbox: string, kind: K, localId: string): Promise<RemoteItem<K> | null> {
    this.enter('findByLocalId');
    for (const folder of this.box(mailbox).values()) {
      for (const item of folder.items.values()) if (item.kind === kind && item.localId === localId) return Promise.resolve(this.toRemote(item) as RemoteItem<K>);
    }
    return Promise.resolve(null);
  }

  getMessage(mailbox: string, id: string): Promise<FetchedMessage> {
    this.enter('getMessage');
    const hit = this.folderOfItem(mailbox, id);
    if (!hit?.item.message) return Promise.reject(new ConnectorError({ protocol: this.protocol, code: 'ErrorItemNotFound', message: 'gone' }));
    return Promise.resolve({ summary: hit.item.message.summary, mime: hit.item.message.mime });
  }

  /** Mails sent through the connector (EX-11 notices, EX-15 confirmations). */
  readonly sent: Array<{ from: string; mail: OutgoingMail }> = [];

  sendMail(mailbox: string, mail: OutgoingMail): Promise<void> {
    this.enter('sendMail');
    this.box(mailbox);
    this.sent.push({ from: mailbox, mail });
    return Promise.resolve();
  }

  stats(): { roundTrips: number } {
    return { roundTrips: this.calls };
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

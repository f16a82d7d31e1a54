/**
 * The connector contract: everything the sync engine asks of a mail system, in one
 * interface with two implementations — EWS (on-premises, `ews/`) and Microsoft Graph
 * (Exchange Online, `graph/`). The engine sees only these types, so the two protocols'
 * differences (SyncState vs deltaLink, CalendarView vs calendarView, ExtendedFieldURI vs
 * singleValueExtendedProperties) stay inside the connectors.
 *
 * Ground rules the engine relies on (issue #7, docs/sync-semantics.md):
 * - Change tracking is per folder. A connector never persists a sync state: it takes the
 *   state it is handed, returns the next one, and the engine stores it in the same
 *   transaction as the local writes it covers.
 * - Every item a connector creates carries the local id in the mailbridge extended
 *   property, and `findByLocalId` finds it again, so a create whose answer was lost is
 *   adopted, not repeated.
 * - Calendar writes never send invitations (SendToNone / no attendees added).
 * - Failures are typed (connector-errors.ts): ResyncRequiredError (invalid/expired state),
 *   ThrottledError (with the server's delay), ConnectorError for the rest, all carrying the
 *   canonical code (ErrorServerBusy, HTTP_429, SyncStateNotFound, …).
 */
import type { ConnectorError } from './connector-errors.js';
import type { ContactData, FetchedMessage, ItemDataByKind, ItemKind, MessageSummary, OutgoingMail, RemoteAppointment, RemoteItem } from './item-data.js';

export type { ItemKind, AppointmentType, ShowAs, AppointmentData, ContactData, TaskStatus, TaskData, ItemDataByKind, RemoteItem, RemoteAppointment, MessageSummary, FetchedMessage, OutgoingMail } from './item-data.js';

/** Which protocol a connector speaks. */
export type ConnectorProtocol = 'ews' | 'graph';

/** What a mailbox is to the profile: a staff member's, a shared one (O365-4), or the sync account's own. */
export type MailboxRole = 'staff' | 'shared' | 'service';

export interface MailboxInfo {
  /** Primary SMTP address; the key every other call takes. */
  address: string;
  displayName?: string;
  role: MailboxRole;
}

/** Folders the engine names without knowing their ids. */
export type WellKnownFolder = 'calendar' | 'contacts' | 'tasks' | 'inbox' | 'sentitems' | 'msgfolderroot';

/** A folder by server id, or by well-known name. */
export type FolderRef = { id: string } | { wellKnown: WellKnownFolder };

/** O365-3: folder selection reaches at most this many levels below the mailbox root. */
export const MAX_FOLDER_DEPTH = 5;

export interface FolderInfo {
  /** Server id; stable across renames and moves on both protocols. */
  id: string;
  parentId: string | null;
  displayName: string;
  /** Display names from the top-level folder down, joined by `/` (e.g. `Inbox/Projects/2026`). */
  path: string;
  /** 1 for a top-level folder (Inbox), 2 for its children, … at most MAX_FOLDER_DEPTH. */
  depth: number;
  childFolderCount?: number;
  totalItemCount?: number;
}

export interface ListFoldersOptions {
  /** Deepest level returned (default and maximum MAX_FOLDER_DEPTH; more is refused, O365-3). */
  maxDepth?: number;
}

/**
 * Item ids per `getItems` call the engine sends: one EWS GetItem of 40, one Graph `$batch`
 * of 20. EWS: 40 instead of 100 cut the bench's peak RSS (5 × 2,000 items) from 292 to 243 MB
 * (the library parses each answer into a DOM), still 4× fewer round trips than batches of 10.
 * Graph counts every part of a batch against the mailbox's budget and a throttled call is
 * retried whole, so a Graph call must stay within what one retry can get through.
 */
export const ITEMS_PER_READ: Readonly<Record<'ews' | 'graph', number>> = { ews: 40, graph: 20 };

/**
 * Messages per `getMessages` call and the summed size (from the change summaries) a call may
 * ask for: every MIME source of a batch is in memory at once (base64 in the XML answer, then
 * the bytes), so the byte budget bounds memory; a message larger than it is read alone.
 */
export const MESSAGE_READ_LIMITS = { maxCount: 10, maxBytes: 4 * 1024 * 1024 } as const;

/** The kinds of folder content change tracking covers. */
export type TrackedKind = ItemKind | 'message';

export type ChangeType = 'created' | 'updated' | 'deleted' | 'readFlag';

export interface ItemChange {
  type: ChangeType;
  /** Server id of the item (for `deleted`, the id it had). */
  id: string;
  /** EWS ChangeKey / Graph changeKey, when the server sent one. */
  changeKey?: string;
  /**
   * For messages, what the page already carried (Graph sends it with the delta; EWS asks
   * SyncFolderItems for the same properties). When absent the engine learns it from `getMessage`.
   */
  message?: MessageSummary;
  /**
   * For items, what the page already carried (Graph delta sends the whole resource). Delta
   * cannot expand the mailbridge local-id property (calendarView and To Do delta refuse
   * `$expand`), so `localId` is absent here even when the item has one; the engine reads
   * the item (getItems) when it needs to know.
   */
  item?: RemoteItem;
}

/**
 * One page of changes. `nextState` is opaque (EWS SyncState, Graph nextLink/deltaLink):
 * hand it back as `state` for the next page. When `moreAvailable` is false the round is
 * complete and `nextState` starts the next round; the engine persists it only after the
 * changes of every page of the round are stored.
 */
export interface ChangePage {
  changes: ItemChange[];
  nextState: string;
  moreAvailable: boolean;
}

export interface TrackChangesOptions {
  /** What the folder holds; selects Graph's delta resource (messages, contacts, To Do tasks, calendarView). */
  kind: TrackedKind;
  /** Changes per page (EWS 1..512; Graph `Prefer: odata.maxpagesize`). Default 200. */
  pageSize?: number;
  /**
   * Only messages received at or after this instant (O365-3 "only new mail after setup").
   * Graph: `$filter=receivedDateTime ge …` frozen into the first delta link; EWS (no filter on
   * SyncFolderItems): applied by the engine from each change's summary. Ignored for other kinds.
   */
  receivedSince?: string;
  /**
   * Graph calendarView delta needs a window (frozen into the token); EWS ignores it.
   * ISO instants.
   */
  window?: TimeWindow;
}

export interface ChangeRequest {
  mailbox: string;
  folder: FolderRef;
  state: string | null;
  options: TrackChangesOptions;
}

export interface TimeWindow {
  start: string;
  end: string;
}

/** How an update treats a change key that is no longer current. */
export type ConflictMode = 'overwrite' | 'autoResolve' | 'failOnConflict';

export interface UpdateOptions {
  /** The change key the caller last saw (EWS needs one; Graph ignores it). */
  changeKey?: string;
  /** Default `overwrite`: the engine has already decided the conflict by its policy. */
  conflict?: ConflictMode;
}

/** A public folder as the public contacts capability names it. */
export interface PublicFolderInfo {
  /** Server folder id; stable for the folder's life. */
  id: string;
  displayName: string;
}

/**
 * EX-12: a public folder holding ALL the application's contacts, readable by every Exchange
 * user (hence the MB_PUBLIC_FOLDER_EXPOSES_CONTACTS warning). EWS only — Graph has no public
 * folders. Calls go out as the sync account itself, never impersonating a staff member,
 * routed to the organisation's public folder mailbox. Items carry the local-id property like
 * mailbox items, so a create whose answer was lost is found again by `findByLocalId`.
 */
export interface PublicContactsCapability {
  /** The contacts folder of this name directly under the public folder root, created when missing. */
  ensureFolder(name: string): Promise<PublicFolderInfo>;
  createContact(folderId: string, data: ContactData, localId: string): Promise<RemoteItem<'contact'>>;
  /** Sets the given fields; overwrites (the engine is the folder's only writer). */
  updateContact(id: string, data: Partial<ContactData>): Promise<RemoteItem<'contact'>>;
  /** Resolves false when the contact was already gone. */
  deleteContact(id: string): Promise<boolean>;
  findByLocalId(folderId: string, localId: string): Promise<RemoteItem<'contact'> | null>;
}

export interface ConnectorStats {
  /** HTTP requests sent to the server (NTLM handshakes and token requests included). */
  roundTrips: number;
}

export interface Connector {
  readonly protocol: ConnectorProtocol;
  /** The profile this connector was built for. */
  readonly profile: string;

  /** The mailboxes the profile reaches: staff (EX-15), shared (O365-4) and the sync account's own where it has one. */
  discoverMailboxes(): Promise<MailboxInfo[]>;

  /** Mail folders under the mailbox root, depth-first, at most `maxDepth` (≤ 5, O365-3) levels deep. */
  listFolders(mailbox: string, options?: ListFoldersOptions): Promise<FolderInfo[]>;

  /** A folder by its `/`-separated display-name path; a path deeper than 5 levels is refused (O365-3). */
  resolveFolderPath(mailbox: string, path: string): Promise<FolderInfo>;

  /**
   * One page of changes in one folder since `state` (null = initial round). Throws
   * ResyncRequiredError when the server no longer accepts the state.
   */
  trackChanges(mailbox: string, folder: FolderRef, state: string | null, options: TrackChangesOptions): Promise<ChangePage>;

  /**
   * One page for each of many folders (idle polls). Graph packs up to 20 per `$batch` round
   * trip; EWS has no batching and sends them one after another. A failed entry holds its
   * typed error (ResyncRequiredError, ThrottledError, …) instead of failing the others.
   */
  trackChangesMany(requests: readonly ChangeRequest[]): Promise<Array<ChangePage | ConnectorError>>;

  /** Appointments in a window with recurring series expanded into occurrences (EX-14). */
  calendarView(mailbox: string, window: TimeWindow): Promise<RemoteAppointment[]>;

  /** One item, or null when it no longer exists. */
  getItem<K extends ItemKind>(mailbox: string, kind: K, id: string): Promise<RemoteItem<K> | null>;

  /**
   * Many items at once, in the order of `ids`, null for one that no longer exists. Graph
   * packs 20 reads per `$batch` round trip (4 in flight per mailbox); EWS sends one GetItem
   * for the lot (callers send at most ITEMS_PER_READ[protocol] ids). Replaces one request per item
   * after change tracking (issue #7).
   */
  getItems<K extends ItemKind>(mailbox: string, kind: K, ids: readonly string[]): Promise<Array<RemoteItem<K> | null>>;
  /** Creates an item stamped with `localId`; calendar items are saved without sending invitations. */
  createItem<K extends ItemKind>(mailbox: string, kind: K, data: ItemDataByKind[K], localId: string): Promise<RemoteItem<K>>;

  /** Sets the given fields (others stay as they are). */
  updateItem<K extends ItemKind>(mailbox: string, kind: K, id: string, data: Partial<ItemDataByKind[K]>, options?: UpdateOptions): Promise<RemoteItem<K>>;

  /** Deletes an item; resolves false when it was already gone. Never sends cancellations. */
  deleteItem(mailbox: string, kind: ItemKind, id: string): Promise<boolean>;

  /** The item carrying this local id in the mailbridge extended property, or null. */
  findByLocalId<K extends ItemKind>(mailbox: string, kind: K, localId: string): Promise<RemoteItem<K> | null>;

  /** A message's summary and MIME source, for ingestion (O365-3, O365-4). */
  getMessage(mailbox: string, id: string): Promise<FetchedMessage>;

  /**
   * Several messages in one round trip (EWS: one GetItem), in the order of `ids`; null for a
   * message that is gone. Optional: without it the engine reads them one by one with
   * `getMessage`. The engine keeps a batch within MESSAGE_READ_LIMITS (count and bytes).
   */
  getMessages?(mailbox: string, ids: readonly string[]): Promise<Array<FetchedMessage | null>>;

  /** EX-12 public folder of all contacts; present on EWS only (Graph leaves it undefined). */
  readonly publicContacts?: PublicContactsCapability;

  /** Sends a plain-text mail from `mailbox` (EX-11 failure notices, EX-15 confirmations). */
  sendMail(mailbox: string, mail: OutgoingMail): Promise<void>;

  /** Counters for benchmarks (round trips per sync). */
  stats(): ConnectorStats;

  /** Closes sockets; the connector is unusable afterwards. */
  close(): Promise<void>;
}

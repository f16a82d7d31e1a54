// Kit for the sync engine's lab suites: the lab (started once per file through the
// connectors' own kit), a profile per protocol narrowed to the mailboxes a test uses, a
// fresh store per test, the real connector, and helpers that change the lab's model the
// way a person in Outlook would (create, edit, delete server-side).
import { createConnector } from '../../agent/connectors/create-connector.js';
import type { Connector } from '../../agent/connectors/connector.js';
import type { LabModel } from '../../fixtures/lab/model/index.js';
import type { Item } from '../../fixtures/lab/model/types.js';
import { profileSchema, type Profile } from '../../src/profiles/profile-schema.js';
import type { ConnectorLab } from '../connectors/connector-lab.js';
import { createEngineKit, type EngineKit } from './engine-kit.js';

export type Protocol = 'ews' | 'graph';

export interface LabSync {
  kit: EngineKit;
  connector: Connector;
  close(): Promise<void>;
}

/** The lab profile of a protocol, syncing only `mailboxes`, everything exported, mail off unless patched. */
export function labProfile(env: ConnectorLab, protocol: Protocol, mailboxes: string[], patch: Record<string, unknown> = {}): Profile {
  const base = protocol === 'ews' ? env.onprem : env.online;
  return profileSchema.parse({
    ...base,
    export: { appointments: true, serviceCalls: true, accountManagerContacts: true, todos: true },
    staff: mailboxes.map((user) => ({ user, enabled: true })),
    ...(protocol === 'graph' ? { mail: { folders: [], includeSentItems: false }, sharedMailboxes: [] } : {}),
    ...patch,
  });
}

export async function labSync(env: ConnectorLab, profile: Profile): Promise<LabSync> {
  const connector = await createConnector(profile, env.secrets);
  const kit = createEngineKit(connector, profile);
  return { kit, connector, close: async () => { await connector.close(); kit.close(); } };
}

export function model(env: ConnectorLab): LabModel {
  return env.lab.context.model;
}

function folderOf(env: ConnectorLab, mailbox: string, name: 'calendar' | 'inbox' | 'sentitems') {
  const m = model(env);
  const box = m.findMailbox(mailbox);
  if (!box) throw new Error(`lab has no mailbox ${mailbox}`);
  return m.wellKnownFolder(box.id, name);
}

export function serverEvents(env: ConnectorLab, mailbox: string): Array<Extract<Item, { kind: 'event' }>> {
  return model(env).items(folderOf(env, mailbox, 'calendar').id) as Array<Extract<Item, { kind: 'event' }>>;
}

export function serverEventBySubject(env: ConnectorLab, mailbox: string, subject: string): Extract<Item, { kind: 'event' }> {
  const found = serverEvents(env, mailbox).find((e) => e.subject === subject);
  if (!found) throw new Error(`no event "${subject}" in ${mailbox}`);
  return found;
}

/** A single event created in Exchange by someone else. */
export function createServerEvent(env: ConnectorLab, mailbox: string, init: { subject: string; start: string; end: string; isAllDay?: boolean; showAs?: 'free' | 'busy'; timeZone?: string; timeZoneIana?: string; body?: string; location?: string }): Extract<Item, { kind: 'event' }> {
  const template = serverEvents(env, mailbox).find((e) => e.recurrence === null) as Extract<Item, { kind: 'event' }>;
  const { id: _id, changeKey: _ck, mailboxId: _mb, folderId: _f, createdAt: _c, lastModifiedAt: _l, ...rest } = template;
  return model(env).createItem(folderOf(env, mailbox, 'calendar').id, {
    ...rest, subject: init.subject, start: init.start, end: init.end, isAllDay: init.isAllDay ?? false, showAs: init.showAs ?? 'busy',
    timeZone: init.timeZone ?? 'UTC', timeZoneIana: init.timeZoneIana ?? 'UTC', body: { contentType: 'text', content: init.body ?? '' }, location: init.location ?? '',
    attendees: [], recurrence: null, modifiedOccurrences: [], deletedOccurrences: [], extendedProperties: {},
    iCalUid: `040000008200E00074C5B7101A82E008${Math.random().toString(16).slice(2).toUpperCase().padEnd(32, '0')}`,
  } as never) as Extract<Item, { kind: 'event' }>;
}

/** A message arriving in a folder now (a clone of a generated one with a new Message-ID). */
export function deliverMessage(env: ConnectorLab, mailbox: string, folderId: string, messageId: string, subject: string): void {
  const m = model(env);
  const box = m.findMailbox(mailbox);
  if (!box) throw new Error(`lab has no mailbox ${mailbox}`);
  const template = m.items(m.wellKnownFolder(box.id, 'inbox').id).find((i) => i.kind === 'message') as Extract<Item, { kind: 'message' }>;
  const { id: _id, changeKey: _ck, mailboxId: _mb, folderId: _f, createdAt: _c, lastModifiedAt: _l, size: _s, ...rest } = template;
  const now = new Date().toISOString();
  m.createItem(folderId, { ...rest, subject, internetMessageId: messageId, receivedAt: now, sentAt: now, extendedProperties: {} } as never);
}

export function folderIdByPath(env: ConnectorLab, mailbox: string, path: string): string {
  const m = model(env);
  const box = m.findMailbox(mailbox);
  if (!box) throw new Error(`lab has no mailbox ${mailbox}`);
  const folder = m.folders(box.id).find((f) => m.folderPath(f.id).join('/').endsWith(path) && m.folderPath(f.id).join('/').split('/').slice(-path.split('/').length).join('/') === path);
  if (!folder) throw new Error(`no folder ${path} in ${mailbox}`);
  return folder.id;
}

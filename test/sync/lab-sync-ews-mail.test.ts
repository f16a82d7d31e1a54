// Mail ingestion for Exchange on-premises profiles through EWS against the lab (#7, O365-3,
// O365-4): a folder selected at depth 5 (depth 6 refused), only mail that arrives or is
// moved in after the selection was saved, Sent Items when chosen, a shared mailbox read in
// full without storing a Message-ID twice, each message once as an .eml file with an index
// row. The lab's own request counters prove the baseline of a folder full of old mail
// downloads none of it: SyncFolderItems carries each message's summary. Without
// impersonation a shared mailbox is read as a delegate.
import { existsSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { DocumentStore, type DocumentRow } from '../../agent/sync/document-store.js';
import type { Item } from '../../fixtures/lab/model/types.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { startConnectorLab, type ConnectorLab } from '../connectors/connector-lab.js';
import { createServerEvent, deliverMessage, labProfile, labSync, model, type LabSync } from './lab-sync-kit.js';

let env: ConnectorLab;
const open: LabSync[] = [];

beforeAll(async () => {
  env = await startConnectorLab({ items: 20, mailboxes: 3 });
}, 60_000);

afterAll(async () => {
  for (const s of open) await s.close();
  await env?.stop();
});

const DAY_MS = 86_400_000;

/**
 * An EWS profile syncing only mail for `staff`. The EX-15 confirmation counts as sent already:
 * the lab delivers a self-addressed copy to the Inbox under a Message-ID of its own, which
 * would add a second "new" message to every count here.
 */
async function start(staff: string, patch: Record<string, unknown>): Promise<LabSync> {
  const s = await labSync(env, labProfile(env, 'ews', [staff], { import: { appointments: 'none' }, export: {}, ...patch }));
  s.kit.books.userAttempt(s.kit.profile.name, staff);
  s.kit.books.markConfirmed(s.kit.profile.name, staff);
  open.push(s);
  return s;
}

function mailboxId(address: string): string {
  const box = model(env).findMailbox(address);
  if (!box) throw new Error(`lab has no mailbox ${address}`);
  return box.id;
}

function wellKnownId(address: string, name: 'inbox' | 'sentitems'): string {
  return model(env).wellKnownFolder(mailboxId(address), name).id;
}

/** The folder at `path` (display names from the top of the mailbox). */
function folderId(address: string, path: string): string {
  const m = model(env);
  const found = m.folders(mailboxId(address)).find((f) => m.folderPath(f.id).join('/') === path);
  if (!found) throw new Error(`no folder ${path} in ${address}`);
  return found.id;
}

/** The generated Inbox/Projects/<year>/Q<n>/Customers chain: the folder at `depth`. */
function nestedPath(address: string, depth: number): string {
  const m = model(env);
  const found = m.folders(mailboxId(address)).map((f) => m.folderPath(f.id)).find((p) => p.length === depth && p[0] === 'Inbox' && p[1] === 'Projects');
  if (!found) throw new Error(`no Inbox/Projects folder at depth ${depth} in ${address}`);
  return found.join('/');
}

/** A message that was received long ago, placed into a folder (as a rule or an import would). */
function placeOldMessage(address: string, folder: string, messageId: string, subject: string): Extract<Item, { kind: 'message' }> {
  const m = model(env);
  const template = m.items(wellKnownId(address, 'inbox')).find((i) => i.kind === 'message') as Extract<Item, { kind: 'message' }>;
  const { id: _id, changeKey: _ck, mailboxId: _mb, folderId: _f, createdAt: _c, lastModifiedAt: _l, size: _s, ...rest } = template;
  const then = new Date(Date.now() - 30 * DAY_MS).toISOString();
  return m.createItem(folder, { ...rest, subject, internetMessageId: messageId, receivedAt: then, sentAt: then, extendedProperties: {} } as never) as Extract<Item, { kind: 'message' }>;
}

function documents(s: LabSync): DocumentRow[] {
  return new DocumentStore(s.kit.store.db, s.kit.dir).list(s.kit.profile.name);
}

/** GetItem requests the lab served since the last reset: each one a message downloaded. */
function getItemCount(): number {
  return env.lab.context.stats.snapshot().requests.byOperation['ews:GetItem'] ?? 0;
}

describe('mail ingestion through EWS against the lab (O365-3, O365-4)', () => {
  test('a folder at depth 5, Sent Items and a shared mailbox: only mail after the selection, moved-in mail, each Message-ID once, no old mail downloaded', async () => {
    const staff = env.lab.document.mailboxes[0] as string;
    const shared = env.lab.document.sharedMailboxes[0] as string;
    const deep = nestedPath(staff, 5);
    expect(deep.split('/')).toHaveLength(5);
    const unselected = nestedPath(staff, 2);
    const oldInbox = model(env).items(wellKnownId(staff, 'inbox')).filter((i) => i.kind === 'message').length;
    expect(oldInbox).toBeGreaterThan(0);
    // Received a month ago in a folder outside the selection: moved into the Inbox after setup, it is taken.
    const toMove = placeOldMessage(staff, folderId(staff, unselected), '<moved-1@lab.test>', 'Moved in later');
    placeOldMessage(staff, folderId(staff, deep), '<old-deep@lab.test>', 'Old in the deep folder');

    const s = await start(staff, { mail: { folders: ['Inbox', deep], includeSentItems: true }, sharedMailboxes: [shared] });
    env.lab.context.stats.reset();
    const first = await s.kit.sync();
    expect(first.errors).toEqual([]);
    // The baseline: the Inbox's and the shared mailbox's old mail is listed but neither taken nor downloaded.
    expect(first.ingested).toBe(0);
    expect(getItemCount()).toBe(0);

    deliverMessage(env, staff, wellKnownId(staff, 'inbox'), '<new-1@lab.test>', 'New one');
    deliverMessage(env, staff, folderId(staff, deep), '<deep-1@lab.test>', 'Deep one');
    deliverMessage(env, staff, wellKnownId(staff, 'sentitems'), '<sent-1@lab.test>', 'Sent one');
    deliverMessage(env, shared, wellKnownId(shared, 'inbox'), '<new-1@lab.test>', 'New one (shared copy)');
    deliverMessage(env, shared, wellKnownId(shared, 'inbox'), '<shared-1@lab.test>', 'Shared one');
    // Below the 5 levels a shared mailbox is read to: never taken.
    deliverMessage(env, shared, folderId(shared, nestedPath(shared, 6)), '<too-deep@lab.test>', 'Level 6');
    model(env).moveItem(toMove.id, wellKnownId(staff, 'inbox'));
    // The shared mailbox's calendar is no mail folder: a new appointment there is not ingested.
    createServerEvent(env, shared, { subject: 'Shared calendar entry', start: new Date(Date.now() + DAY_MS).toISOString(), end: new Date(Date.now() + DAY_MS + 3_600_000).toISOString() });

    env.lab.context.stats.reset();
    const second = await s.kit.sync();
    expect(second.errors).toEqual([]);
    // Five delivered where selected (<new-1> stored once) and the one moved in.
    expect(second.ingested).toBe(5);
    // Only new mail is downloaded, none of the old, in one GetItem per folder with new mail:
    // staff Inbox (<new-1>, <moved-1>), the deep folder, Sent Items, the shared Inbox. (The shared
    // copy of <new-1> rides along when both mailboxes sync at the same moment; the first commit keeps it.)
    expect(getItemCount()).toBe(4);

    env.lab.context.stats.reset();
    const full = await s.kit.sync({ full: true });
    expect(full).toMatchObject({ ingested: 0, errors: [] });
    expect(getItemCount()).toBe(0);

    const docs = documents(s);
    expect(docs.map((d) => d.messageId).sort()).toEqual(['<deep-1@lab.test>', '<moved-1@lab.test>', '<new-1@lab.test>', '<sent-1@lab.test>', '<shared-1@lab.test>']);
    const by = (id: string) => docs.find((d) => d.messageId === id);
    expect(by('<deep-1@lab.test>')).toMatchObject({ mailbox: staff, folderPath: deep, subject: 'Deep one' });
    expect(by('<new-1@lab.test>')).toMatchObject({ mailbox: staff, folderPath: 'Inbox', subject: 'New one' });
    expect(by('<sent-1@lab.test>')?.folderPath).toBe('Sent Items');
    expect(by('<shared-1@lab.test>')).toMatchObject({ mailbox: shared, folderPath: 'Inbox' });
    expect(by('<moved-1@lab.test>')).toMatchObject({ mailbox: staff, folderPath: 'Inbox' });
    for (const d of docs) {
      expect(d.size).toBeGreaterThan(0);
      expect(d.sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(d.sender).toMatch(/@/);
      expect(Date.parse(d.receivedAt ?? '')).not.toBeNaN();
      expect(existsSync(d.file)).toBe(true);
      const eml = readFileSync(d.file);
      expect(eml.length).toBe(d.size);
      expect(eml.toString('utf8')).toMatch(new RegExp(`^Message-ID: ${d.messageId.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`, 'im'));
    }
  }, 120_000);

  test('a folder added to the selection later starts from then: its older mail is not taken', async () => {
    const staff = env.lab.document.mailboxes[1] as string;
    const later = nestedPath(staff, 3);
    placeOldMessage(staff, folderId(staff, later), '<before-selection@lab.test>', 'Before the selection');
    const s = await start(staff, { mail: { folders: ['Inbox'], includeSentItems: false } });
    expect((await s.kit.sync()).errors).toEqual([]);
    s.kit.setProfile({ mail: { folders: ['Inbox', later], includeSentItems: false } });
    const added = await s.kit.sync();
    expect(added).toMatchObject({ ingested: 0, errors: [] });
    deliverMessage(env, staff, folderId(staff, later), '<after-selection@lab.test>', 'After the selection');
    const next = await s.kit.sync();
    expect(next).toMatchObject({ ingested: 1, errors: [] });
    expect(documents(s).map((d) => [d.messageId, d.folderPath])).toEqual([['<after-selection@lab.test>', later]]);
  }, 60_000);

  test('SyncFolderItems pages of a mail folder carry each message summary (received, Message-ID, subject, sender, size); only mail folders are listed', async () => {
    const staff = env.lab.document.mailboxes[1] as string;
    const s = await start(staff, {});
    const page = await s.connector.trackChanges(staff, { wellKnown: 'inbox' }, null, { kind: 'message', pageSize: 512 });
    const inLab = model(env).items(wellKnownId(staff, 'inbox')).filter((i): i is Extract<Item, { kind: 'message' }> => i.kind === 'message');
    const created = page.changes.filter((c) => c.type === 'created');
    expect(created.length).toBeGreaterThanOrEqual(inLab.length);
    for (const message of inLab) {
      const listed = created.find((c) => c.message?.internetMessageId === message.internetMessageId)?.message;
      expect(listed, message.internetMessageId).toBeDefined();
      expect(listed).toMatchObject({ subject: message.subject, from: message.from.address, receivedAt: new Date(message.receivedAt).toISOString() });
      expect(listed?.size).toBeGreaterThan(0);
    }
    // Only mail folders are offered and read, as Graph's mailFolders: no calendar, contacts or tasks.
    const paths = (await s.connector.listFolders(staff)).map((f) => f.path);
    expect(paths).toEqual(expect.arrayContaining(['Inbox', 'Sent Items', 'Inbox/Projects']));
    for (const other of ['Calendar', 'Contacts', 'Tasks']) expect(paths).not.toContain(other);
    await expect(s.connector.resolveFolderPath(staff, 'Calendar')).rejects.toMatchObject({ code: 'MB_FOLDER_NOT_FOUND' });
  }, 60_000);

  test('a shared mailbox without impersonation is opened as a delegate, not the sync account\'s own mailbox', async () => {
    const shared = env.lab.document.sharedMailboxes[0] as string;
    const s = await labSync(env, labProfile(env, 'ews', [], {
      import: { appointments: 'none' }, export: {}, sharedMailboxes: [shared],
      credentials: { ...env.onprem.credentials, mode: 'perUser' },
    }));
    open.push(s);
    // Mail of the second the selection is saved counts as after it (servers report whole seconds):
    // start in a fresh second so what the first test delivered here is older.
    await new Promise((resolve) => setTimeout(resolve, 1005 - (Date.now() % 1000)));
    expect((await s.kit.sync()).errors).toEqual([]);
    deliverMessage(env, shared, wellKnownId(shared, 'inbox'), '<delegate-1@lab.test>', 'Read as a delegate');
    const next = await s.kit.sync();
    expect(next).toMatchObject({ ingested: 1, errors: [] });
    expect(documents(s).map((d) => [d.mailbox, d.folderPath, d.messageId])).toEqual([[shared, 'Inbox', '<delegate-1@lab.test>']]);
  }, 60_000);

  test('a folder 6 levels deep is refused: by the profile rules and, before any request, by the sync', async () => {
    const staff = env.lab.document.mailboxes[2] as string;
    const tooDeep = nestedPath(staff, 6);
    const rules = validateProfile({ ...env.onprem, mail: { folders: [tooDeep], includeSentItems: false } });
    expect(rules.valid).toBe(false);
    expect(rules.issues.filter((i) => i.severity === 'error')).toEqual([
      expect.objectContaining({ code: 'MB_FOLDER_TOO_DEEP', rule: 'O365-3', path: 'mail.folders[0]', message: expect.stringContaining('6 levels deep') }),
    ]);

    const s = await start(staff, { mail: { folders: [tooDeep], includeSentItems: false } });
    env.lab.context.stats.reset();
    const refused = await s.kit.sync();
    expect(refused.errors.map((e) => e.code)).toEqual(['MB_FOLDER_TOO_DEEP']);
    expect(refused.errors[0]?.message).toContain(tooDeep);
    expect(refused.errors[0]?.diagnosis?.fix.length).toBeGreaterThan(0);
    expect(env.lab.context.stats.snapshot().requests.byOperation['ews:FindFolder'] ?? 0).toBe(0);
    expect(documents(s)).toEqual([]);
  }, 60_000);
});

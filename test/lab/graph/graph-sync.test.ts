/**
 * The lab's Graph v1.0 surface judged by @microsoft/microsoft-graph-client 3.0.7 on Node's
 * fetch with an msal-node token (#3): users and the folder tree (deeper than O365-3's five
 * levels), messages/delta paged to a deltaLink, then only the server-side change on the
 * next round; OData paging and Prefer; $batch with dependsOn; calendarView/delta, contacts
 * and To Do delta; sendMail.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../../fixtures/lab/lab.js';
import type { ItemInit } from '../../../fixtures/lab/model/lab-model.js';
import type { Mailbox } from '../../../fixtures/lab/model/types.js';
import { ClientDriver, labApp, type DriverApp } from './client-driver.js';

type Json = Record<string, unknown>;
interface Collection { value: Json[]; '@odata.nextLink'?: string; '@odata.deltaLink'?: string }
interface Round { items: Json[]; deltaLink: string | null; firstPageSize: number; firstHadNextLink: boolean }

let lab: RunningLab;
let driver: ClientDriver;
let app: DriverApp;
let user: Mailbox;

function message(subject: string, receivedAt: string): ItemInit {
  return {
    kind: 'message', subject, body: { contentType: 'text', content: `Body of ${subject}` }, categories: [], importance: 'normal',
    extendedProperties: {}, internetMessageId: `<${subject.replace(/\W/g, '')}@lab.test>`, from: { name: 'Tester', address: 'tester@example.org' },
    to: [{ name: user.displayName, address: user.primarySmtp }], cc: [], sentAt: receivedAt, receivedAt, isRead: false, isDraft: false,
  };
}

beforeAll(async () => {
  lab = await startLab();
  driver = new ClientDriver(lab.context.tls.caFile);
  app = labApp(lab);
  user = lab.context.data.userMailboxes[0] as Mailbox;
});

afterAll(async () => {
  await driver?.stop();
  await lab?.stop();
});

describe('Graph directory and folders', () => {
  it('lists the lab mailboxes as users and finds one by UPN', async () => {
    const users = await driver.expectOk<Collection>('get', { app, path: '/users' });
    const upns = users.value.map((u) => u.userPrincipalName);
    expect(upns).toContain(user.userPrincipalName);
    expect(upns).toContain(lab.context.data.sharedMailboxes[0]?.userPrincipalName);
    const one = await driver.expectOk<Json>('get', { app, path: `/users/${user.userPrincipalName}?$select=displayName,mail` });
    expect(one).toMatchObject({ id: user.id, displayName: user.displayName, mail: user.primarySmtp });
    expect(one.jobTitle).toBeUndefined();
  });

  it('walks childFolders more than five levels deep (O365-3) and reaches the deepest lab folder', async () => {
    const top = await driver.expectOk<Collection>('get', { app, path: `/users/${user.id}/mailFolders?$top=50` });
    const names = top.value.map((f) => f.displayName);
    expect(names).toEqual(expect.arrayContaining(['Inbox', 'Sent Items', 'Deleted Items']));
    expect(names).not.toContain('Calendar');
    let depth = 0;
    let current = top.value.find((f) => f.displayName === 'Inbox') as Json;
    while (Number(current.childFolderCount) > 0) {
      const children = await driver.expectOk<Collection>('get', { app, path: `/users/${user.id}/mailFolders/${String(current.id)}/childFolders` });
      expect(children.value.length).toBeGreaterThan(0);
      current = children.value.find((f) => Number(f.childFolderCount) > 0) ?? (children.value[0] as Json);
      depth++;
    }
    expect(depth).toBeGreaterThanOrEqual(6);
    expect(current.id).toBe(lab.context.data.deepestFolder[user.id]);
  });
});

describe('mailFolders/delta', () => {
  it('enumerates the whole mail folder tree, then only new folders', async () => {
    const mailFolders = lab.context.model.folders(user.id).filter((f) => f.folderClass === 'IPF.Note');
    const first = await driver.expectOk<Round>('deltaRound', { app, path: `/users/${user.id}/mailFolders/delta`, headers: { Prefer: 'odata.maxpagesize=4' } });
    expect(first.items.map((f) => f.id).sort()).toEqual(mailFolders.map((f) => f.id).sort());
    expect(first.items.map((f) => f.id)).toContain(lab.context.data.deepestFolder[user.id]);
    const inbox = lab.context.model.wellKnownFolder(user.id, 'inbox');
    const added = lab.context.model.createFolder(inbox.id, 'Added by test');
    const second = await driver.expectOk<Round>('deltaRound', { app, deltaLink: first.deltaLink });
    expect(second.items).toHaveLength(1);
    expect(second.items[0]).toMatchObject({ id: added.id, displayName: 'Added by test', parentFolderId: inbox.id });
  });
});

describe('messages/delta with the Graph client', () => {
  it('pages to a deltaLink, then sees only the server-side changes on the next round', async () => {
    const inbox = lab.context.model.wellKnownFolder(user.id, 'inbox');
    const inInbox = lab.context.model.items(inbox.id).map((i) => i.id).sort();
    expect(inInbox.length).toBeGreaterThan(5);
    const deltaOps = (): number => lab.context.stats.snapshot().requests.byOperation['graph:messages.delta'] ?? 0;
    const before = deltaOps();

    const first = await driver.expectOk<Round>('deltaRound', {
      app, path: `/users/${user.id}/mailFolders/inbox/messages/delta?$select=subject,receivedDateTime`, headers: { Prefer: 'odata.maxpagesize=5' },
    });
    expect(first.firstPageSize).toBe(5);
    expect(first.firstHadNextLink).toBe(true);
    expect(first.items.map((m) => m.id).sort()).toEqual(inInbox);
    expect(Object.keys(first.items[0] as Json).sort()).toEqual(['@odata.etag', '@odata.type', 'id', 'receivedDateTime', 'subject']);
    expect(first.deltaLink).toMatch(/\$deltatoken=/);
    expect(deltaOps() - before).toBe(Math.ceil(inInbox.length / 5));

    // Server side: one new message, one changed, one gone.
    const created = lab.context.model.createItem(inbox.id, message('Delta newcomer', new Date().toISOString()));
    const [changedId, deletedId] = inInbox;
    lab.context.model.updateItem(changedId as string, { isRead: true });
    lab.context.model.deleteItem(deletedId as string);

    const second = await driver.expectOk<Round>('deltaRound', { app, deltaLink: first.deltaLink });
    const byId = new Map(second.items.map((m) => [m.id, m]));
    expect([...byId.keys()].sort()).toEqual([created.id, changedId, deletedId].sort());
    expect(byId.get(created.id)).toMatchObject({ subject: 'Delta newcomer' });
    expect(byId.get(deletedId)).toMatchObject({ '@removed': { reason: 'deleted' } });
    // $select was frozen into the token: the changed item carries only the selected fields.
    expect(byId.get(changedId)).not.toHaveProperty('isRead');

    const third = await driver.expectOk<Round>('deltaRound', { app, deltaLink: second.deltaLink });
    expect(third.items).toEqual([]);
  });

  it('honours $filter=receivedDateTime ge … in the initial round (only mail after setup)', async () => {
    const cutoff = new Date(Date.now() - 60_000).toISOString();
    const inbox = lab.context.model.wellKnownFolder(user.id, 'inbox');
    lab.context.model.createItem(inbox.id, message('After cutoff', new Date().toISOString()));
    const round = await driver.expectOk<Round>('deltaRound', { app, path: `/users/${user.id}/mailFolders/${inbox.id}/messages/delta?$filter=receivedDateTime ge ${cutoff}` });
    expect(round.items.length).toBeGreaterThanOrEqual(1);
    // Deletions from before the round (the previous test removed one) are not reported.
    expect(round.items.filter((m) => '@removed' in m)).toEqual([]);
    for (const m of round.items) expect(Date.parse(String(m.receivedDateTime)), JSON.stringify(m)).toBeGreaterThanOrEqual(Date.parse(cutoff));
  });

  it('changeType=created: later rounds report only new messages (O365-3: only new mail is ingested)', async () => {
    const sent = lab.context.model.wellKnownFolder(user.id, 'sentitems');
    const first = await driver.expectOk<Round>('deltaRound', { app, path: `/users/${user.id}/mailFolders/sentitems/messages/delta?changeType=created` });
    expect(first.items.length).toBe(lab.context.model.itemCount(sent.id));
    const existing = lab.context.model.items(sent.id)[0];
    lab.context.model.updateItem(existing?.id ?? '', { categories: ['Reviewed'] });
    const added = lab.context.model.createItem(sent.id, message('Sent after setup', new Date().toISOString()));
    // A message moved into the folder counts as new there (it gets a new id, as in Exchange).
    const inboxItem = lab.context.model.items(lab.context.model.wellKnownFolder(user.id, 'inbox').id)[0];
    const moved = lab.context.model.moveItem(inboxItem?.id ?? '', sent.id);
    const second = await driver.expectOk<Round>('deltaRound', { app, deltaLink: first.deltaLink });
    expect(second.items.map((m) => m.id)).toEqual([added.id, moved.id]);
  });

  it('echoes Prefer odata.maxpagesize in Preference-Applied and sends request-id headers', async () => {
    const raw = await driver.expectOk<{ status: number; headers: Record<string, string>; body: Collection }>('raw', {
      app, path: `/users/${user.id}/mailFolders/inbox/messages`, headers: { Prefer: 'odata.maxpagesize=3', 'client-request-id': 'test-correlation-1' },
    });
    expect(raw.status).toBe(200);
    expect(raw.headers['preference-applied']).toBe('odata.maxpagesize=3');
    expect(raw.headers['client-request-id']).toBe('test-correlation-1');
    expect(raw.headers['request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(raw.body.value).toHaveLength(3);
    expect(raw.body['@odata.nextLink']).toContain('$skip=3');
  });

  it('serves a message and its MIME form', async () => {
    const inbox = lab.context.model.wellKnownFolder(user.id, 'inbox');
    const item = lab.context.model.items(inbox.id)[0];
    const json = await driver.expectOk<Json>('get', { app, path: `/users/${user.id}/messages/${item?.id}` });
    expect(json.subject).toBe(item?.subject);
    const mime = await driver.expectOk<string>('get', { app, path: `/users/${user.id}/messages/${item?.id}/$value` });
    expect(mime).toContain('MIME-Version: 1.0');
  });
});

describe('$batch', () => {
  it('runs serially dependent parts, with a 424 after a failed dependency', async () => {
    const result = await driver.expectOk<Record<string, { status: number; body: Json }>>('batch', {
      app,
      requests: [
        { id: '1', path: `/users/${user.id}?$select=displayName` },
        { id: '2', path: `/users/${user.id}/mailFolders/inbox`, dependsOn: ['1'] },
        { id: '3', path: `/users/${user.id}/messages/AAMkdoesnotexist`, dependsOn: ['2'] },
        { id: '4', path: `/users/${user.id}/mailFolders/inbox/messages?$top=2`, dependsOn: ['3'] },
      ],
    });
    expect(result['1']?.status).toBe(200);
    expect(result['1']?.body.displayName).toBe(user.displayName);
    expect(result['2']?.body.displayName).toBe('Inbox');
    expect(result['3']?.status).toBe(404);
    expect((result['3']?.body.error as Json).code).toBe('ErrorItemNotFound');
    expect(result['4']?.status).toBe(424);
  });

  it('refuses more than 20 requests', async () => {
    const requests = Array.from({ length: 21 }, (_, i) => ({ id: String(i + 1), path: '/users' }));
    const error = await driver.expectError('post', { app, path: '/$batch', body: { requests: requests.map((r) => ({ ...r, method: 'GET', url: r.path })) } });
    expect(error.statusCode).toBe(400);
    expect(error.code).toBe('BadRequest');
  });
});

describe('calendar, contacts, To Do, sendMail', () => {
  it('calendarView/delta freezes the window into the token and follows links', async () => {
    const start = new Date(Date.now() - 7 * 86_400_000).toISOString();
    const end = new Date(Date.now() + 30 * 86_400_000).toISOString();
    const first = await driver.expectOk<Round>('deltaRound', { app, path: `/users/${user.id}/calendarView/delta?startDateTime=${start}&endDateTime=${end}` });
    expect(first.items.length).toBeGreaterThan(0);
    expect(first.items.some((e) => e.type === 'occurrence' && typeof e.seriesMasterId === 'string')).toBe(true);
    const second = await driver.expectOk<Round>('deltaRound', { app, deltaLink: first.deltaLink });
    expect(second.items).toEqual([]);
    const missing = await driver.expectError('get', { app, path: `/users/${user.id}/calendarView/delta` });
    expect(missing).toMatchObject({ statusCode: 400, code: 'ErrorInvalidParameter' });
  });

  it('contacts/delta and To Do tasks/delta return the lab data', async () => {
    const contacts = await driver.expectOk<Round>('deltaRound', { app, path: `/users/${user.id}/contacts/delta` });
    const contactsFolder = lab.context.model.wellKnownFolder(user.id, 'contacts');
    expect(contacts.items).toHaveLength(lab.context.model.itemCount(contactsFolder.id));
    const lists = await driver.expectOk<Collection>('get', { app, path: `/users/${user.id}/todo/lists` });
    const defaultList = lists.value.find((l) => l.wellknownListName === 'defaultList') as Json;
    const tasks = await driver.expectOk<Round>('deltaRound', { app, path: `/users/${user.id}/todo/lists/${String(defaultList.id)}/tasks/delta` });
    expect(tasks.items).toHaveLength(lab.context.model.itemCount(String(defaultList.id)));
    expect(tasks.deltaLink).toMatch(/\$deltatoken=/);
  });

  it('sendMail answers 202 and delivers to Sent Items and the recipient Inbox', async () => {
    const recipient = lab.context.data.userMailboxes[1] as Mailbox;
    const inboxBefore = lab.context.model.itemCount(lab.context.model.wellKnownFolder(recipient.id, 'inbox').id);
    await driver.expectOk('post', {
      app, path: `/users/${user.id}/sendMail`,
      body: { message: { subject: 'Lab sendMail', body: { contentType: 'Text', content: 'hi' }, toRecipients: [{ emailAddress: { address: recipient.primarySmtp } }] } },
    });
    const inbox = lab.context.model.items(lab.context.model.wellKnownFolder(recipient.id, 'inbox').id);
    expect(inbox).toHaveLength(inboxBefore + 1);
    expect(inbox.some((m) => m.subject === 'Lab sendMail')).toBe(true);
    const sent = lab.context.model.items(lab.context.model.wellKnownFolder(user.id, 'sentitems').id);
    expect(sent.some((m) => m.subject === 'Lab sendMail')).toBe(true);
  });
});

// The Graph connector against the lab with the real msal-node and microsoft-graph-client:
// the lab CA reaches both only through the profile's tls.caFile (our https agent, no
// NODE_EXTRA_CA_CERTS); mail folders to depth 5 (6 refused, O365-3); message delta to a
// deltaLink and then only new changes; event/contact CRUD with the local-id extended
// property and lookup by it; task CRUD; 429 Retry-After and 410 as typed errors (#7).
import { readFile } from 'node:fs/promises';
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ResyncRequiredError, ThrottledError } from '../../agent/connectors/connector-errors.js';
import { createConnector } from '../../agent/connectors/create-connector.js';
import type { ChangePage, ItemChange } from '../../agent/connectors/connector.js';
import { createGraphConnector } from '../../agent/connectors/graph/create-graph-connector.js';
import type { GraphConnector } from '../../agent/connectors/graph/graph-connector.js';
import type { OnlineProfile } from '../../src/profiles/profile-schema.js';
import { setFaults, startConnectorLab, type ConnectorLab } from './connector-lab.js';

let env: ConnectorLab;
const open: GraphConnector[] = [];

async function connector(change: (p: OnlineProfile) => OnlineProfile = (p) => p): Promise<GraphConnector> {
  const c = await createGraphConnector(change(structuredClone(env.online)), env.secrets);
  open.push(c);
  return c;
}

/** One complete delta round from `state`: every page's changes and the deltaLink. */
async function round(c: GraphConnector, mailbox: string, state: string | null, pageSize: number): Promise<{ changes: ItemChange[]; pages: number; deltaLink: string }> {
  const changes: ItemChange[] = [];
  let pages = 0;
  let page: ChangePage;
  let s = state;
  do {
    page = await c.trackChanges(mailbox, { wellKnown: 'inbox' }, s, { kind: 'message', pageSize });
    changes.push(...page.changes);
    pages += 1;
    s = page.nextState;
  } while (page.moreAvailable);
  return { changes, pages, deltaLink: page.nextState };
}

beforeAll(async () => {
  env = await startConnectorLab();
}, 60_000);

afterAll(async () => {
  for (const c of open) await c.close();
  await env?.stop();
});

describe('Graph connector against the lab', () => {
  test('token via msal-node and Graph calls trust the lab CA through the profile only', async () => {
    expect(process.env.NODE_EXTRA_CA_CERTS ?? '').not.toBe(env.lab.document.caFile);
    const c = await connector();
    const folders = await c.listFolders(env.lab.document.mailboxes[0] as string, { maxDepth: 1 });
    expect(folders.map((f) => f.displayName)).toContain('Inbox');
    // One token request, then Graph requests.
    expect(c.stats().roundTrips).toBeGreaterThanOrEqual(2);
  });

  test('createConnector picks Graph for an Exchange Online profile; staff and shared mailboxes (O365-4)', async () => {
    const c = await createConnector(env.online, env.secrets);
    try {
      expect(c.protocol).toBe('graph');
      const mailboxes = await c.discoverMailboxes();
      expect(mailboxes.filter((m) => m.role === 'staff').map((m) => m.address)).toEqual(env.lab.document.mailboxes);
      expect(mailboxes.filter((m) => m.role === 'shared').map((m) => m.address)).toEqual(env.lab.document.sharedMailboxes);
    } finally {
      await c.close();
    }
  });

  test('app certificate credential (MEM-4): token with a signed client assertion', async () => {
    const app = env.lab.document.apps[0];
    expect(app?.certificateFile).toBeDefined();
    await env.secrets.set({ profile: 'lab-online', field: 'certificateKey' }, await readFile(app?.certificateKeyFile as string, 'utf8'));
    const c = await connector((p) => ({ ...p, credentials: { kind: 'clientCertificate', certificateFile: app?.certificateFile as string, privateKey: { secret: 'certificateKey' } } }));
    const folders = await c.listFolders(env.lab.document.mailboxes[0] as string, { maxDepth: 1 });
    expect(folders.map((f) => f.displayName)).toContain('Inbox');
  });

  test('mail folders to depth 5; depth 6 refused before any request (O365-3)', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[0] as string;
    const folders = await c.listFolders(mailbox);
    expect(Math.max(...folders.map((f) => f.depth))).toBe(5);
    const deepest = folders.find((f) => f.depth === 5);
    expect(deepest?.path.split('/')).toHaveLength(5);
    const resolved = await c.resolveFolderPath(mailbox, deepest?.path as string);
    expect(resolved.id).toBe(deepest?.id);
    const before = c.stats().roundTrips;
    await expect(c.resolveFolderPath(mailbox, `${deepest?.path as string}/Contracts`)).rejects.toMatchObject({ code: 'MB_FOLDER_TOO_DEEP', rule: 'O365-3' });
    await expect(c.listFolders(mailbox, { maxDepth: 6 })).rejects.toMatchObject({ code: 'MB_FOLDER_TOO_DEEP' });
    expect(c.stats().roundTrips).toBe(before);
  });

  test('message delta pages to a deltaLink, then returns only new changes', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[1] as string;
    const initial = await round(c, mailbox, null, 5);
    expect(initial.pages).toBeGreaterThan(1);
    expect(initial.changes.length).toBeGreaterThan(5);
    expect(initial.changes[0]?.message?.internetMessageId).toMatch(/^<.+>$/);
    const idle = await round(c, mailbox, initial.deltaLink, 5);
    expect(idle.changes).toEqual([]);
    await c.sendMail(env.lab.document.mailboxes[0] as string, { to: [mailbox], subject: 'delta probe', body: 'new mail' });
    const next = await round(c, mailbox, idle.deltaLink, 5);
    expect(next.changes).toHaveLength(1);
    expect(next.changes[0]?.message?.subject).toBe('delta probe');
    const fetched = await c.getMessage(mailbox, next.changes[0]?.id as string);
    expect(fetched.mime.toString('utf8')).toMatch(/Subject: delta probe/);
  });

  test('events: create with the local id, find by it, update, delete', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[2] as string;
    const created = await c.createItem(mailbox, 'appointment', { subject: 'Visit 88', start: '2026-12-04T08:00:00.000Z', end: '2026-12-04T09:00:00.000Z', location: 'Site B', showAs: 'busy' }, 'psa-ev-88');
    expect(created.data).toMatchObject({ subject: 'Visit 88', start: '2026-12-04T08:00:00.000Z', end: '2026-12-04T09:00:00.000Z', location: 'Site B' });
    const found = await c.findByLocalId(mailbox, 'appointment', 'psa-ev-88');
    expect(found).toMatchObject({ id: created.id, localId: 'psa-ev-88' });
    expect(await c.findByLocalId(mailbox, 'appointment', 'psa-ev-none')).toBeNull();
    const updated = await c.updateItem(mailbox, 'appointment', created.id, { subject: 'Visit 88 (later)', start: '2026-12-04T10:00:00.000Z', end: '2026-12-04T11:00:00.000Z' });
    expect(updated.data).toMatchObject({ subject: 'Visit 88 (later)', start: '2026-12-04T10:00:00.000Z' });
    expect((await c.getItem(mailbox, 'appointment', created.id))?.localId).toBe('psa-ev-88');
    expect(await c.deleteItem(mailbox, 'appointment', created.id)).toBe(true);
    expect(await c.getItem(mailbox, 'appointment', created.id)).toBeNull();
    expect(await c.deleteItem(mailbox, 'appointment', created.id)).toBe(false);
  });

  test('getItems: 25 contacts in two $batch round trips, in order, with the local id, null for one deleted (#7)', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[2] as string;
    const ids: string[] = [];
    for (let i = 0; i < 25; i += 1) ids.push((await c.createItem(mailbox, 'contact', { displayName: `Batch ${i}` }, `psa-batch-${i}`)).id);
    expect(await c.deleteItem(mailbox, 'contact', ids[7] as string)).toBe(true);
    const before = c.stats().roundTrips;
    const items = await c.getItems(mailbox, 'contact', ids);
    expect(c.stats().roundTrips - before).toBe(2);
    expect(items).toHaveLength(25);
    expect(items[7]).toBeNull();
    items.forEach((item, i) => {
      if (i === 7) return;
      expect(item).toMatchObject({ id: ids[i], localId: `psa-batch-${i}`, data: { displayName: `Batch ${i}` } });
    });
    for (const [i, id] of ids.entries()) if (i !== 7) await c.deleteItem(mailbox, 'contact', id);
  });

  test('contact and task delta pages carry the whole item, so the engine needs no GET (#7)', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[2] as string;
    const contact = await c.createItem(mailbox, 'contact', { givenName: 'Delta', surname: 'Carried', companyName: 'Acme' }, 'psa-delta-1');
    const task = await c.createItem(mailbox, 'task', { subject: 'Carried task', dueDate: '2026-12-09', status: 'inProgress' }, 'psa-delta-2');
    for (const [kind, created, data] of [['contact', contact, { givenName: 'Delta', surname: 'Carried', companyName: 'Acme' }], ['task', task, { subject: 'Carried task', dueDate: '2026-12-09', status: 'inProgress' }]] as const) {
      const changes: ItemChange[] = [];
      let state: string | null = null;
      let page: ChangePage;
      do {
        page = await c.trackChanges(mailbox, { wellKnown: kind === 'contact' ? 'contacts' : 'tasks' }, state, { kind, pageSize: 50 });
        changes.push(...page.changes);
        state = page.nextState;
      } while (page.moreAvailable);
      expect(changes.find((ch) => ch.id === created.id)?.item).toMatchObject({ kind, id: created.id, data });
    }
    await c.deleteItem(mailbox, 'contact', contact.id);
    await c.deleteItem(mailbox, 'task', task.id);
  });

  test('contacts: create with the local id, find by it, update, delete', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[2] as string;
    const created = await c.createItem(mailbox, 'contact', { givenName: 'Jana', surname: 'Novak', companyName: 'Acme', emailAddresses: ['jana@acme.test'] }, 'psa-ct-5');
    const found = await c.findByLocalId(mailbox, 'contact', 'psa-ct-5');
    expect(found).toMatchObject({ id: created.id, localId: 'psa-ct-5', data: { givenName: 'Jana', surname: 'Novak', emailAddresses: ['jana@acme.test'] } });
    await c.updateItem(mailbox, 'contact', created.id, { jobTitle: 'Buyer' });
    expect((await c.getItem(mailbox, 'contact', created.id))?.data.jobTitle).toBe('Buyer');
    expect(await c.deleteItem(mailbox, 'contact', created.id)).toBe(true);
    expect(await c.findByLocalId(mailbox, 'contact', 'psa-ct-5')).toBeNull();
  });

  test('To Do tasks in the default list: create, read, update, delete', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[2] as string;
    const created = await c.createItem(mailbox, 'task', { subject: 'Call back', dueDate: '2026-12-05', status: 'notStarted' }, 'psa-todo-1');
    expect((await c.getItem(mailbox, 'task', created.id))?.data).toMatchObject({ subject: 'Call back', dueDate: '2026-12-05', status: 'notStarted' });
    await c.updateItem(mailbox, 'task', created.id, { status: 'completed' });
    expect((await c.getItem(mailbox, 'task', created.id))?.data.status).toBe('completed');
    expect(await c.deleteItem(mailbox, 'task', created.id)).toBe(true);
    expect(await c.getItem(mailbox, 'task', created.id)).toBeNull();
  });

  test('calendar view returns occurrences of series with their master id', async () => {
    const c = await connector();
    const now = Date.now();
    const items = await c.calendarView(env.lab.document.mailboxes[0] as string, { start: new Date(now - 7 * 86_400_000).toISOString(), end: new Date(now + 30 * 86_400_000).toISOString() });
    expect(items.length).toBeGreaterThan(5);
    expect(items.some((i) => i.appointmentType === 'occurrence' && typeof i.seriesMasterId === 'string')).toBe(true);
    // Each item names its own zone (Windows ids), e.g. the lab's meeting in Kolkata time.
    expect(items.map((i) => i.data.timeZone)).toContain('India Standard Time');
    // Meetings come with organizer and attendees for the "all details" import (EX-13).
    const meeting = items.find((i) => (i.data.attendees?.length ?? 0) > 0);
    expect(meeting?.data.organizer).toMatch(/@/);
    expect(meeting?.data.attendees?.every((a) => a.includes('@'))).toBe(true);
  });

  test('calendar, contact and To Do delta rounds end in a deltaLink and then see only the new item', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[1] as string;
    const now = Date.now();
    const window = { start: new Date(now - 7 * 86_400_000).toISOString(), end: new Date(now + 30 * 86_400_000).toISOString() };
    const cases = [
      { kind: 'appointment' as const, folder: { wellKnown: 'calendar' as const }, create: () => c.createItem(mailbox, 'appointment', { subject: 'delta ev', start: new Date(now + 86_400_000).toISOString(), end: new Date(now + 90_000_000).toISOString() }, 'd-ev') },
      { kind: 'contact' as const, folder: { wellKnown: 'contacts' as const }, create: () => c.createItem(mailbox, 'contact', { givenName: 'Delta', surname: 'Probe' }, 'd-ct') },
      { kind: 'task' as const, folder: { wellKnown: 'tasks' as const }, create: () => c.createItem(mailbox, 'task', { subject: 'delta task' }, 'd-task') },
    ];
    for (const k of cases) {
      let state: string | null = null;
      let page: ChangePage;
      let seen = 0;
      do {
        page = await c.trackChanges(mailbox, k.folder, state, { kind: k.kind, pageSize: 10, window });
        seen += page.changes.length;
        state = page.nextState;
      } while (page.moreAvailable);
      expect(seen, k.kind).toBeGreaterThan(0);
      const created = await k.create();
      const next = await c.trackChanges(mailbox, k.folder, state, { kind: k.kind, window });
      expect(next.changes.map((ch) => ch.id), k.kind).toContain(created.id);
      expect(next.moreAvailable).toBe(false);
      await c.deleteItem(mailbox, k.kind, created.id);
    }
  });

  test('idle polls of many folders travel in one $batch round trip; each part answers on its own', async () => {
    const c = await connector();
    const [a, b, d] = env.lab.document.mailboxes as [string, string, string];
    const links = await Promise.all([a, b, d].map(async (m) => (await round(c, m, null, 100)).deltaLink));
    const requests = [a, b, d].map((mailbox, i) => ({ mailbox, folder: { wellKnown: 'inbox' as const }, state: links[i] as string, options: { kind: 'message' as const } }));
    const before = c.stats().roundTrips;
    const idle = await c.trackChangesMany(requests);
    expect(c.stats().roundTrips - before).toBe(1);
    expect(idle.map((p) => ('changes' in p ? p.changes.length : p.code))).toEqual([0, 0, 0]);

    await c.sendMail(a, { to: [b], subject: 'batched probe', body: 'x' });
    const foreign = { ...requests[0], state: 'https://127.0.0.1:9/v1.0/x?$deltatoken=1' } as (typeof requests)[number];
    const after = await c.trackChangesMany([foreign, ...requests.slice(1).map((r, i) => ({ ...r, state: (idle[i + 1] as ChangePage).nextState }))]);
    expect(after[0]).toMatchObject({ code: 'MB_DELTA_LINK_FOREIGN' });
    expect((after[1] as ChangePage).changes.map((ch) => ch.message?.subject)).toEqual(['batched probe']);
    expect((after[2] as ChangePage).changes).toEqual([]);

    await setFaults(env.lab, ['graph-delta-expired']);
    try {
      const expired = await c.trackChangesMany(requests);
      expect(expired.every((p) => p instanceof ResyncRequiredError)).toBe(true);
    } finally {
      await setFaults(env.lab, [], ['graph-delta-expired']);
    }
  });

  test('calendar delta without a window is refused with a clear error', async () => {
    const c = await connector();
    await expect(c.trackChanges(env.lab.document.mailboxes[0] as string, { wellKnown: 'calendar' }, null, { kind: 'appointment' })).rejects.toMatchObject({ code: 'MB_WINDOW_REQUIRED', family: 'config' });
  });

  test('429 with Retry-After becomes a ThrottledError with the delay (graph-throttled)', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[0] as string;
    await c.listFolders(mailbox, { maxDepth: 1 });
    await setFaults(env.lab, ['graph-throttled']);
    try {
      const error = await c.listFolders(mailbox, { maxDepth: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ThrottledError);
      expect(error).toMatchObject({ httpStatus: 429, family: 'throttling' });
      expect((error as ThrottledError).retryAfterMs).toBeGreaterThan(0);
    } finally {
      await setFaults(env.lab, [], ['graph-throttled']);
    }
  });

  test('410 on a stored delta link becomes a ResyncRequiredError (graph-delta-expired)', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[0] as string;
    const initial = await round(c, mailbox, null, 50);
    await setFaults(env.lab, ['graph-delta-expired']);
    try {
      const error = await c.trackChanges(mailbox, { wellKnown: 'inbox' }, initial.deltaLink, { kind: 'message' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResyncRequiredError);
      expect(error).toMatchObject({ httpStatus: 410, family: 'sync-state' });
    } finally {
      await setFaults(env.lab, [], ['graph-delta-expired']);
    }
  });

  test('a stored state pointing at another host is refused: the token never leaves the profile origin', async () => {
    const c = await connector();
    const before = c.stats().roundTrips;
    await expect(c.trackChanges('x@lab.mailbridge.test', { wellKnown: 'inbox' }, 'https://127.0.0.1:9/v1.0/users/x/messages/delta?$deltatoken=a', { kind: 'message' }))
      .rejects.toMatchObject({ code: 'MB_DELTA_LINK_FOREIGN' });
    expect(c.stats().roundTrips).toBe(before);
  });

  test('a refused client secret (entra-bad-secret) is AADSTS7000215 and the error never carries the secret (AG-5)', async () => {
    const secret = env.lab.document.profiles.find((p) => p.name === 'lab-online')?.secrets.clientSecret as string;
    await setFaults(env.lab, ['entra-bad-secret']);
    try {
      const c = await connector();
      const error = await c.listFolders(env.lab.document.mailboxes[0] as string, { maxDepth: 1 }).catch((e: unknown) => e);
      expect(error).toMatchObject({ code: 'AADSTS7000215', family: 'entra' });
      for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 6 })]) expect(text).not.toContain(secret);
    } finally {
      await setFaults(env.lab, [], ['entra-bad-secret']);
    }
  });

  test('without the profile CA file the token endpoint certificate is refused', async () => {
    const c = await connector((p) => ({ ...p, tls: { systemTrustStore: true } }));
    const error = await c.listFolders(env.lab.document.mailboxes[0] as string, { maxDepth: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ family: 'tls', code: expect.stringMatching(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)$/) });
  });
});

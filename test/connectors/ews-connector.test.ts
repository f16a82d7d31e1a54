// The EWS connector against the lab with the real ews-javascript-api and our own transport:
// the lab CA reaches it only through the profile (no NODE_EXTRA_CA_CERTS), Basic and NTLM
// logons, impersonation, change tracking over several pages, CRUD with the local-id
// property and lookup by it, throttling and invalid sync states as typed errors (#7).
import { inspect } from 'node:util';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { ResyncRequiredError, ThrottledError } from '../../agent/connectors/connector-errors.js';
import { createConnector } from '../../agent/connectors/create-connector.js';
import { createEwsConnector } from '../../agent/connectors/ews/create-ews-connector.js';
import type { EwsConnector } from '../../agent/connectors/ews/ews-connector.js';
import type { OnpremProfile } from '../../src/profiles/profile-schema.js';
import { setFaults, startConnectorLab, type ConnectorLab } from './connector-lab.js';

let env: ConnectorLab;
const open: EwsConnector[] = [];

async function connector(change: (p: OnpremProfile) => OnpremProfile = (p) => p): Promise<EwsConnector> {
  const c = await createEwsConnector(change(structuredClone(env.onprem)), env.secrets);
  open.push(c);
  return c;
}

function withAuth(method: 'basic' | 'ntlm') {
  return (p: OnpremProfile): OnpremProfile => ({ ...p, credentials: { ...p.credentials, authMethod: method } as OnpremProfile['credentials'] });
}

beforeAll(async () => {
  env = await startConnectorLab();
}, 60_000);

afterAll(async () => {
  for (const c of open) await c.close();
  await env?.stop();
});

describe('EWS connector against the lab', () => {
  test('the profile carries the lab CA; NODE_EXTRA_CA_CERTS does not point at it', () => {
    expect(process.env.NODE_EXTRA_CA_CERTS ?? '').not.toBe(env.lab.document.caFile);
    expect(env.onprem.tls.caFile).toBe(env.lab.document.caFile);
  });

  test('createConnector picks EWS for an on-premises profile; mailboxes are the enabled staff (EX-15)', async () => {
    const c = await createConnector(env.onprem, env.secrets);
    try {
      expect(c.protocol).toBe('ews');
      expect((await c.discoverMailboxes()).map((m) => m.address)).toEqual(env.lab.document.mailboxes);
    } finally {
      await c.close();
    }
  });

  test('Basic: lists the folder tree of an impersonated mailbox down to depth 5 (O365-3)', async () => {
    const c = await connector(withAuth('basic'));
    const mailbox = env.lab.document.mailboxes[0] as string;
    const folders = await c.listFolders(mailbox);
    const paths = folders.map((f) => f.path);
    expect(paths).toContain('Inbox');
    expect(paths).toContain('Inbox/Projects');
    expect(Math.max(...folders.map((f) => f.depth))).toBe(5);
    const five = await c.resolveFolderPath(mailbox, paths.find((p) => p.split('/').length === 5) as string);
    expect(five.depth).toBe(5);
    await expect(c.resolveFolderPath(mailbox, 'Inbox/Projects/a/b/c/d')).rejects.toMatchObject({ code: 'MB_FOLDER_TOO_DEEP', rule: 'O365-3' });
    await expect(c.listFolders(mailbox, { maxDepth: 6 })).rejects.toMatchObject({ code: 'MB_FOLDER_TOO_DEEP' });
    expect(c.stats().roundTrips).toBeGreaterThan(0);
  });

  test('NTLM works with Basic switched off on the server (basic-disabled), Basic does not', async () => {
    await setFaults(env.lab, ['basic-disabled']);
    try {
      const mailbox = env.lab.document.mailboxes[1] as string;
      const ntlm = await connector(withAuth('ntlm'));
      const folders = await ntlm.listFolders(mailbox, { maxDepth: 1 });
      expect(folders.map((f) => f.displayName)).toContain('Inbox');
      // Keep-alive: a second call reuses the authenticated connection, so no new handshake.
      const before = ntlm.stats().roundTrips;
      await ntlm.listFolders(mailbox, { maxDepth: 1 });
      expect(ntlm.stats().roundTrips - before).toBe(1);
      const basic = await connector(withAuth('basic'));
      await expect(basic.listFolders(mailbox, { maxDepth: 1 })).rejects.toMatchObject({ code: 'HTTP_401', family: 'http-auth' });
    } finally {
      await setFaults(env.lab, [], ['basic-disabled']);
    }
  });

  test('tracks calendar changes through several pages, then sees only new changes', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[0] as string;
    let state: string | null = null;
    const ids = new Set<string>();
    let pages = 0;
    for (;;) {
      const page = await c.trackChanges(mailbox, { wellKnown: 'calendar' }, state, { kind: 'appointment', pageSize: 5 });
      pages += 1;
      for (const ch of page.changes) ids.add(ch.id);
      state = page.nextState;
      if (!page.moreAvailable) break;
    }
    expect(pages).toBeGreaterThan(2);
    expect(ids.size).toBeGreaterThan(5);
    const idle = await c.trackChanges(mailbox, { wellKnown: 'calendar' }, state, { kind: 'appointment', pageSize: 5 });
    expect(idle.changes).toEqual([]);
    const created = await c.createItem(mailbox, 'appointment', { subject: 'tracked', start: '2026-12-01T09:00:00.000Z', end: '2026-12-01T10:00:00.000Z' }, 'local-track-1');
    const next = await c.trackChanges(mailbox, { wellKnown: 'calendar' }, idle.nextState, { kind: 'appointment' });
    expect(next.changes).toEqual([expect.objectContaining({ type: 'created', id: created.id })]);
    await c.deleteItem(mailbox, 'appointment', created.id);
  });

  test('appointment create/update/delete with the local id, found again by it', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[2] as string;
    const created = await c.createItem(mailbox, 'appointment', {
      subject: 'Service call 4711', start: '2026-12-02T08:00:00.000Z', end: '2026-12-02T09:30:00.000Z', location: 'Customer site', body: 'Replace pump', showAs: 'busy',
    }, 'psa-appt-4711');
    expect(created.localId).toBe('psa-appt-4711');
    const found = await c.findByLocalId(mailbox, 'appointment', 'psa-appt-4711');
    expect(found).toMatchObject({ id: created.id, localId: 'psa-appt-4711', data: { subject: 'Service call 4711', location: 'Customer site', start: '2026-12-02T08:00:00.000Z' } });
    expect(await c.findByLocalId(mailbox, 'appointment', 'psa-appt-nope')).toBeNull();
    const updated = await c.updateItem(mailbox, 'appointment', created.id, { subject: 'Service call 4711 (moved)', start: '2026-12-02T10:00:00.000Z', end: '2026-12-02T11:30:00.000Z' });
    expect(updated.changeKey).not.toBe(created.changeKey);
    const reread = await c.getItem(mailbox, 'appointment', created.id);
    expect(reread?.data).toMatchObject({ subject: 'Service call 4711 (moved)', start: '2026-12-02T10:00:00.000Z', end: '2026-12-02T11:30:00.000Z' });
    expect(reread?.localId).toBe('psa-appt-4711');
    expect(await c.deleteItem(mailbox, 'appointment', created.id)).toBe(true);
    expect(await c.getItem(mailbox, 'appointment', created.id)).toBeNull();
    expect(await c.findByLocalId(mailbox, 'appointment', 'psa-appt-4711')).toBeNull();
  });

  test('getItems: 12 appointments in one GetItem round trip, in order, with the local id and body, null for one deleted (#7)', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[2] as string;
    const ids: string[] = [];
    for (let i = 0; i < 12; i += 1) {
      const hour = String(8 + (i % 8)).padStart(2, '0');
      ids.push((await c.createItem(mailbox, 'appointment', { subject: `Batch ${i}`, body: `Body ${i}`, start: `2026-12-03T${hour}:00:00.000Z`, end: `2026-12-03T${hour}:30:00.000Z` }, `psa-batch-${i}`)).id);
    }
    expect(await c.deleteItem(mailbox, 'appointment', ids[3] as string)).toBe(true);
    const before = c.stats().roundTrips;
    const items = await c.getItems(mailbox, 'appointment', ids);
    expect(c.stats().roundTrips - before).toBe(1);
    expect(items).toHaveLength(12);
    expect(items[3]).toBeNull();
    items.forEach((item, i) => {
      if (i === 3) return;
      expect(item).toMatchObject({ id: ids[i], localId: `psa-batch-${i}`, data: { subject: `Batch ${i}`, body: `Body ${i}` } });
    });
    for (const [i, id] of ids.entries()) if (i !== 3) await c.deleteItem(mailbox, 'appointment', id);
  });

  test('contacts and tasks: create with the local id, find by it, update, delete', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[1] as string;
    const contact = await c.createItem(mailbox, 'contact', { givenName: 'Piet', surname: 'Smit', companyName: 'Acme', emailAddresses: ['piet@acme.test'], businessPhone: '+31 20 555 0101' }, 'psa-ct-9');
    expect(await c.findByLocalId(mailbox, 'contact', 'psa-ct-9')).toMatchObject({
      id: contact.id, localId: 'psa-ct-9', data: { givenName: 'Piet', surname: 'Smit', companyName: 'Acme', emailAddresses: ['piet@acme.test'], businessPhone: '+31 20 555 0101' },
    });
    await c.updateItem(mailbox, 'contact', contact.id, { jobTitle: 'Planner' });
    expect((await c.getItem(mailbox, 'contact', contact.id))?.data.jobTitle).toBe('Planner');
    expect(await c.deleteItem(mailbox, 'contact', contact.id)).toBe(true);
    expect(await c.findByLocalId(mailbox, 'contact', 'psa-ct-9')).toBeNull();

    const task = await c.createItem(mailbox, 'task', { subject: 'Order parts', dueDate: '2026-12-07', status: 'inProgress' }, 'psa-task-3');
    expect(await c.findByLocalId(mailbox, 'task', 'psa-task-3')).toMatchObject({ id: task.id, data: { subject: 'Order parts', dueDate: '2026-12-07', status: 'inProgress' } });
    await c.updateItem(mailbox, 'task', task.id, { status: 'completed' });
    expect((await c.getItem(mailbox, 'task', task.id))?.data.status).toBe('completed');
    expect(await c.deleteItem(mailbox, 'task', task.id)).toBe(true);
    expect(await c.getItem(mailbox, 'task', task.id)).toBeNull();
  });

  test('an update against a stale change key fails under failOnConflict', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[1] as string;
    const created = await c.createItem(mailbox, 'appointment', { subject: 'conflict', start: '2026-12-08T08:00:00.000Z', end: '2026-12-08T09:00:00.000Z' }, 'psa-conflict');
    await c.updateItem(mailbox, 'appointment', created.id, { location: 'changed on the server' });
    await expect(c.updateItem(mailbox, 'appointment', created.id, { subject: 'stale' }, { changeKey: created.changeKey as string, conflict: 'failOnConflict' }))
      .rejects.toMatchObject({ code: 'ErrorIrresolvableConflict' });
    expect((await c.getItem(mailbox, 'appointment', created.id))?.data.subject).toBe('conflict');
    await c.deleteItem(mailbox, 'appointment', created.id);
  });

  test('impersonates each staff mailbox: the same local id lives apart per mailbox', async () => {
    const c = await connector();
    const [a, b] = env.lab.document.mailboxes as [string, string];
    const inA = await c.createItem(a, 'appointment', { subject: 'only in A', start: '2026-12-03T08:00:00.000Z', end: '2026-12-03T09:00:00.000Z' }, 'imp-1');
    expect(await c.findByLocalId(a, 'appointment', 'imp-1')).toMatchObject({ id: inA.id });
    expect(await c.findByLocalId(b, 'appointment', 'imp-1')).toBeNull();
    // Server side: the item sits in A's calendar and carries the local id in mailbridge's property.
    const model = env.lab.context.model;
    const stored = model.getItem(inA.id);
    const mailboxA = model.mailboxes().find((m) => m.primarySmtp === a);
    expect(stored && model.getFolder(stored.folderId)?.mailboxId).toBe(mailboxA?.id);
    expect(Object.entries(stored?.extendedProperties ?? {})).toContainEqual([expect.stringMatching(/MailbridgeLocalId$/), 'imp-1']);
    await c.deleteItem(a, 'appointment', inA.id);
  });

  test('calendar view expands recurring series inside the window', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[0] as string;
    const now = Date.now();
    const items = await c.calendarView(mailbox, { start: new Date(now - 7 * 86_400_000).toISOString(), end: new Date(now + 30 * 86_400_000).toISOString() });
    expect(items.length).toBeGreaterThan(5);
    expect(items.some((i) => i.appointmentType === 'occurrence' || i.appointmentType === 'exception')).toBe(true);
    // Occurrences name their series master; the master reads back as a series master.
    const occurrence = items.find((i) => i.appointmentType === 'occurrence');
    expect(occurrence?.seriesMasterId).toBeDefined();
    const master = await c.getItem(mailbox, 'appointment', occurrence?.seriesMasterId as string);
    expect(master?.appointmentType).toBe('seriesMaster');
    expect(items.filter((i) => i.appointmentType === 'occurrence' || i.appointmentType === 'exception').every((i) => typeof i.seriesMasterId === 'string')).toBe(true);
    // A meeting read in full carries organizer and attendees (EX-13 "all details").
    let meeting = null;
    for (const i of items.filter((x) => x.appointmentType === 'single')) {
      const full = await c.getItem(mailbox, 'appointment', i.id);
      if ((full?.data.attendees?.length ?? 0) > 0) { meeting = full; break; }
    }
    expect(meeting?.data.organizer).toMatch(/@/);
    expect(meeting?.data.attendees?.every((a) => a.includes('@'))).toBe(true);
    // A view limited to 4 entries forces window splits; nothing may be lost or doubled.
    const small = await createEwsConnector(env.onprem, env.secrets, { calendarViewMaxEntries: 4 });
    open.push(small);
    const split = await small.calendarView(mailbox, { start: new Date(now - 7 * 86_400_000).toISOString(), end: new Date(now + 30 * 86_400_000).toISOString() });
    expect(split.map((i) => `${i.id}|${i.data.start}`)).toEqual(items.map((i) => `${i.id}|${i.data.start}`));
    expect(small.stats().roundTrips).toBeGreaterThan(c.stats().roundTrips);
  });

  test('NTLM channels under concurrency: one handshake per connection, not per request', async () => {
    await setFaults(env.lab, ['basic-disabled']);
    try {
      const c = await createEwsConnector(withAuth('ntlm')(structuredClone(env.onprem)), env.secrets, { maxConnections: 3 });
      open.push(c);
      const mailbox = env.lab.document.mailboxes[0] as string;
      const results = await Promise.all(Array.from({ length: 12 }, () => c.trackChanges(mailbox, { wellKnown: 'inbox' }, null, { kind: 'message', pageSize: 1 })));
      expect(results.every((r) => r.changes.length === 1)).toBe(true);
      // 12 requests + at most 3 connections × 2 handshake legs.
      expect(c.stats().roundTrips).toBeLessThanOrEqual(12 + 3 * 2);
      expect(c.stats().roundTrips).toBeGreaterThanOrEqual(12 + 2);
    } finally {
      await setFaults(env.lab, [], ['basic-disabled']);
    }
  });

  test('many folders polled in turn; a rejected state fails only its own entry', async () => {
    const c = await connector();
    const [a, b] = env.lab.document.mailboxes as [string, string];
    const first = await c.trackChanges(a, { wellKnown: 'contacts' }, null, { kind: 'contact', pageSize: 512 });
    const results = await c.trackChangesMany([
      { mailbox: a, folder: { wellKnown: 'contacts' }, state: first.nextState, options: { kind: 'contact' } },
      { mailbox: b, folder: { wellKnown: 'contacts' }, state: 'bm90IGEgc3luYyBzdGF0ZQ==', options: { kind: 'contact' } },
    ]);
    expect(results[0]).toMatchObject({ changes: [], moreAvailable: false });
    expect(results[1]).toBeInstanceOf(ResyncRequiredError);
  });

  test('fetches message MIME for ingestion', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[0] as string;
    const inbox = await c.trackChanges(mailbox, { wellKnown: 'inbox' }, null, { kind: 'message', pageSize: 3 });
    const first = inbox.changes[0];
    expect(first).toBeDefined();
    const message = await c.getMessage(mailbox, (first as { id: string }).id);
    expect(message.summary.internetMessageId).toMatch(/^<.+@.+>$/);
    expect(message.mime.toString('utf8')).toMatch(/^(?:[\s\S]*\r?\n)?Message-ID: /im);
  });

  test('sends a notice mail (EX-11) that arrives as a new change in the recipient inbox', async () => {
    const c = await connector();
    const [a, , d] = env.lab.document.mailboxes as [string, string, string];
    let state: string | null = null;
    for (;;) {
      const page = await c.trackChanges(d, { wellKnown: 'inbox' }, state, { kind: 'message', pageSize: 512 });
      state = page.nextState;
      if (!page.moreAvailable) break;
    }
    await c.sendMail(a, { to: [d], subject: 'mailbridge: sync failed for anna', body: 'details in the console' });
    const next = await c.trackChanges(d, { wellKnown: 'inbox' }, state, { kind: 'message' });
    expect(next.changes).toHaveLength(1);
    expect(next.changes[0]?.type).toBe('created');
    const message = await c.getMessage(d, next.changes[0]?.id as string);
    expect(message.summary).toMatchObject({ subject: 'mailbridge: sync failed for anna', from: a });
  });

  test('ErrorServerBusy surfaces BackOffMilliseconds as a ThrottledError (ews-throttled)', async () => {
    const c = await connector();
    await setFaults(env.lab, ['ews-throttled']);
    try {
      const error = await c.listFolders(env.lab.document.mailboxes[0] as string, { maxDepth: 1 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ThrottledError);
      expect(error).toMatchObject({ code: 'ErrorServerBusy', retryAfterMs: 30_000, family: 'throttling' });
    } finally {
      await setFaults(env.lab, [], ['ews-throttled']);
    }
  });

  test('a sync state the server rejects is a ResyncRequiredError (sync-state-invalid)', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[0] as string;
    const first = await c.trackChanges(mailbox, { wellKnown: 'contacts' }, null, { kind: 'contact', pageSize: 512 });
    await setFaults(env.lab, ['sync-state-invalid']);
    try {
      const error = await c.trackChanges(mailbox, { wellKnown: 'contacts' }, first.nextState, { kind: 'contact' }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ResyncRequiredError);
      expect(error).toMatchObject({ code: 'ErrorInvalidSyncStateData', family: 'sync-state' });
    } finally {
      await setFaults(env.lab, [], ['sync-state-invalid']);
    }
  });

  test('impersonation refused and unknown mailbox keep the server codes (impersonation-denied, mailbox-not-found)', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[0] as string;
    await setFaults(env.lab, ['impersonation-denied']);
    try {
      await expect(c.listFolders(mailbox, { maxDepth: 1 })).rejects.toMatchObject({ code: 'ErrorImpersonateUserDenied', family: 'permissions', mailbox });
    } finally {
      await setFaults(env.lab, [], ['impersonation-denied']);
    }
    await expect(c.listFolders('nobody@lab.mailbridge.test', { maxDepth: 1 })).rejects.toMatchObject({ code: 'ErrorNonExistentMailbox', family: 'mailbox' });
  });

  test('port 443 closed: ECONNREFUSED (tcp), and the TCP 2610 alternative works (EX-2)', async () => {
    await setFaults(env.lab, ['port-443-closed']);
    try {
      const mailbox = env.lab.document.mailboxes[0] as string;
      const main = await connector();
      await expect(main.listFolders(mailbox, { maxDepth: 1 })).rejects.toMatchObject({ code: 'ECONNREFUSED', family: 'tcp' });
      const alt = await createEwsConnector(env.onprem, env.secrets, { useAlternatePort: true });
      open.push(alt);
      expect((await alt.listFolders(mailbox, { maxDepth: 1 })).map((f) => f.displayName)).toContain('Inbox');
    } finally {
      await setFaults(env.lab, [], ['port-443-closed']);
    }
  });

  test('a refused logon (bad-password) is HTTP_401 and no form of the error carries the password (AG-5)', async () => {
    const password = env.lab.document.profiles.find((p) => p.name === 'lab-onprem')?.secrets.password as string;
    await setFaults(env.lab, ['bad-password']);
    try {
      for (const method of ['ntlm', 'basic'] as const) {
        const c = await connector(withAuth(method));
        const error = await c.listFolders(env.lab.document.mailboxes[0] as string, { maxDepth: 1 }).catch((e: unknown) => e);
        expect(error).toMatchObject({ code: 'HTTP_401', family: 'http-auth', httpStatus: 401 });
        for (const text of [String(error), JSON.stringify(error), inspect(error, { depth: 6 })]) {
          expect(text).not.toContain(password);
          expect(text).not.toContain(Buffer.from(`LAB\\svc-mailbridge:${password}`).toString('base64'));
        }
      }
    } finally {
      await setFaults(env.lab, [], ['bad-password']);
    }
  });

  test('without the profile CA file the lab certificate is refused: trust is per profile', async () => {
    const c = await connector((p) => ({ ...p, tls: { systemTrustStore: true } }));
    const error = await c.listFolders(env.lab.document.mailboxes[0] as string, { maxDepth: 1 }).catch((e: unknown) => e);
    expect(error).toMatchObject({ family: 'tls', code: expect.stringMatching(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)$/) });
  });
});

/**
 * Writes through the lab's Graph surface with the real Graph client (#3): events (with an
 * extended property read back via $expand, transactionId making a retried POST idempotent,
 * PATCH, DELETE seen by calendarView/delta as @removed), To Do tasks and contacts — and
 * what was written is in the lab model the EWS surface serves too.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../../fixtures/lab/lab.js';
import type { EventItem, Mailbox, TaskItem } from '../../../fixtures/lab/model/types.js';
import { ClientDriver, labApp, type DriverApp } from './client-driver.js';

type Json = Record<string, unknown>;
interface Round { items: Json[]; deltaLink: string | null }

const PSA_ID = 'String {00020329-0000-0000-C000-000000000046} Name PsaAppointmentId';

let lab: RunningLab;
let driver: ClientDriver;
let app: DriverApp;
let user: Mailbox;

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

describe('events', () => {
  it('creates, reads back, updates and deletes an event; delta sees each step', async () => {
    const start = new Date(Date.now() - 86_400_000).toISOString();
    const end = new Date(Date.now() + 14 * 86_400_000).toISOString();
    const base = await driver.expectOk<Round>('deltaRound', { app, path: `/users/${user.id}/calendarView/delta?startDateTime=${start}&endDateTime=${end}` });

    const day = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    const body = {
      subject: 'Service call 4711',
      body: { contentType: 'HTML', content: '<p>Replace the pump</p>' },
      start: { dateTime: `${day}T10:00:00`, timeZone: 'W. Europe Standard Time' },
      end: { dateTime: `${day}T11:30:00`, timeZone: 'W. Europe Standard Time' },
      location: { displayName: 'Customer site' },
      showAs: 'busy',
      transactionId: 'psa-4711-create',
      singleValueExtendedProperties: [{ id: PSA_ID, value: 'APPT-4711' }],
    };
    const created = await driver.expectOk<Json>('post', { app, path: `/users/${user.id}/events`, body });
    expect(created).toMatchObject({ subject: 'Service call 4711', transactionId: 'psa-4711-create', type: 'singleInstance' });
    const stored = lab.context.model.getItem(String(created.id)) as EventItem;
    expect(stored.timeZone).toBe('W. Europe Standard Time');
    expect(stored.extendedProperties['{00020329-0000-0000-C000-000000000046}:PsaAppointmentId']).toBe('APPT-4711');
    // 10:00 Amsterdam is 09:00 or 08:00 UTC depending on DST.
    expect(['08', '09']).toContain(stored.start.slice(11, 13));

    const retried = await driver.expectOk<Json>('post', { app, path: `/users/${user.id}/events`, body });
    expect(retried.id).toBe(created.id);

    const read = await driver.expectOk<Json>('get', { app, path: `/users/${user.id}/events/${String(created.id)}?$expand=singleValueExtendedProperties($filter=id eq '${PSA_ID}')` });
    expect(read.singleValueExtendedProperties).toEqual([{ id: PSA_ID, value: 'APPT-4711' }]);

    const afterCreate = await driver.expectOk<Round>('deltaRound', { app, deltaLink: base.deltaLink });
    expect(afterCreate.items.map((e) => e.id)).toEqual([created.id]);

    const patched = await driver.expectOk<Json>('patch', { app, path: `/users/${user.id}/events/${String(created.id)}`, body: { subject: 'Service call 4711 (moved)', showAs: 'tentative' } });
    expect(patched).toMatchObject({ subject: 'Service call 4711 (moved)', showAs: 'tentative' });
    expect(patched.changeKey).not.toBe(created.changeKey);
    const afterPatch = await driver.expectOk<Round>('deltaRound', { app, deltaLink: afterCreate.deltaLink });
    expect(afterPatch.items).toHaveLength(1);
    expect(afterPatch.items[0]).toMatchObject({ id: created.id, subject: 'Service call 4711 (moved)' });

    await driver.expectOk('delete', { app, path: `/users/${user.id}/events/${String(created.id)}` });
    expect(lab.context.model.getItem(String(created.id))).toBeUndefined();
    const afterDelete = await driver.expectOk<Round>('deltaRound', { app, deltaLink: afterPatch.deltaLink });
    expect(afterDelete.items).toEqual([{ '@odata.type': '#microsoft.graph.event', id: created.id, '@removed': { reason: 'deleted' } }]);
  });

  it('refuses an event without start and end', async () => {
    const error = await driver.expectError('post', { app, path: `/users/${user.id}/events`, body: { subject: 'no time' } });
    expect(error).toMatchObject({ statusCode: 400, code: 'ErrorInvalidRequest' });
  });
});

describe('To Do tasks and contacts', () => {
  it('creates, completes and deletes a task', async () => {
    const lists = await driver.expectOk<{ value: Json[] }>('get', { app, path: `/users/${user.id}/todo/lists` });
    const list = String(lists.value.find((l) => l.wellknownListName === 'defaultList')?.id);
    const task = await driver.expectOk<Json>('post', {
      app, path: `/users/${user.id}/todo/lists/${list}/tasks`,
      body: { title: 'Call back customer', dueDateTime: { dateTime: '2026-12-01T00:00:00', timeZone: 'UTC' } },
    });
    expect(task).toMatchObject({ title: 'Call back customer', status: 'notStarted', dueDateTime: { dateTime: '2026-12-01T00:00:00.0000000', timeZone: 'UTC' } });
    const done = await driver.expectOk<Json>('patch', { app, path: `/users/${user.id}/todo/lists/${list}/tasks/${String(task.id)}`, body: { status: 'completed' } });
    expect(done.status).toBe('completed');
    expect(done.completedDateTime).toBeDefined();
    expect((lab.context.model.getItem(String(task.id)) as TaskItem).status).toBe('completed');
    await driver.expectOk('delete', { app, path: `/users/${user.id}/todo/lists/${list}/tasks/${String(task.id)}` });
    expect(lab.context.model.getItem(String(task.id))).toBeUndefined();
  });

  it('creates, updates and deletes a contact', async () => {
    const contact = await driver.expectOk<Json>('post', {
      app, path: `/users/${user.id}/contacts`,
      body: { givenName: 'Ada', surname: 'Lovelace', emailAddresses: [{ address: 'ada@example.org', name: 'Ada Lovelace' }], companyName: 'Analytical Engines' },
    });
    expect(contact).toMatchObject({ displayName: 'Ada Lovelace', companyName: 'Analytical Engines' });
    const updated = await driver.expectOk<Json>('patch', { app, path: `/users/${user.id}/contacts/${String(contact.id)}`, body: { jobTitle: 'Engineer' } });
    expect(updated.jobTitle).toBe('Engineer');
    await driver.expectOk('delete', { app, path: `/users/${user.id}/contacts/${String(contact.id)}` });
    const gone = await driver.expectError('get', { app, path: `/users/${user.id}/contacts/${String(contact.id)}` });
    expect(gone).toMatchObject({ statusCode: 404, code: 'ErrorItemNotFound' });
  });
});

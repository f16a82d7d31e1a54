// EX-14 over EWS against the lab with the real ews-javascript-api: appointments come back
// with their own Windows time zone (StartTimeZone) from every read path — GetItem, batched
// GetItem, CalendarView (FindItem) and the local-id lookup — the zone an appointment is
// created or updated with reaches the server, all-day items keep their dates exactly across
// the EU DST change (2026-10-25), and a recurring series with an exception keeps its local
// time across DST (#7).
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import type { RemoteAppointment } from '../../agent/connectors/connector.js';
import { createEwsConnector } from '../../agent/connectors/ews/create-ews-connector.js';
import type { EwsConnector } from '../../agent/connectors/ews/ews-connector.js';
import { timeZoneInfoOf, zoneToWrite } from '../../agent/connectors/ews/ews-time-zone.js';
import { startConnectorLab, type ConnectorLab } from './connector-lab.js';

let env: ConnectorLab;
let c: EwsConnector;
let mailbox: string;
const created: string[] = [];

// The seeded weekly series starts eight weeks before the anchor, so it crosses both the EU
// (2026-10-25) and the US (2026-11-01) change back to standard time.
const ANCHOR = '2026-11-17T12:00:00.000Z';
const BERLIN = 'W. Europe Standard Time';
const IANA: Readonly<Record<string, string>> = {
  'W. Europe Standard Time': 'Europe/Berlin', 'GMT Standard Time': 'Europe/London', 'Eastern Standard Time': 'America/New_York',
};

function localTime(iso: string, iana: string): string {
  return new Intl.DateTimeFormat('en-GB', { timeZone: iana, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(iso));
}

async function create(data: Parameters<EwsConnector['createItem']>[2] & object, localId: string): Promise<RemoteAppointment> {
  const item = await c.createItem(mailbox, 'appointment', data as RemoteAppointment['data'], localId);
  created.push(item.id);
  return item;
}

beforeAll(async () => {
  env = await startConnectorLab({ anchor: ANCHOR });
  c = await createEwsConnector(structuredClone(env.onprem), env.secrets);
  mailbox = env.lab.document.mailboxes[2] as string;
}, 60_000);

afterAll(async () => {
  for (const id of created) await c?.deleteItem(mailbox, 'appointment', id).catch(() => false);
  await c?.close();
  await env?.stop();
});

describe('EWS time zones (EX-14)', () => {
  test('an appointment created in W. Europe Standard Time reads back with that zone from getItem, getItems, calendarView and findByLocalId', async () => {
    const item = await create({ subject: 'Berlin meeting', start: '2026-12-07T08:00:00.000Z', end: '2026-12-07T09:00:00.000Z', timeZone: BERLIN }, 'tz-berlin-1');
    const single = await c.getItem(mailbox, 'appointment', item.id);
    expect(single?.data).toMatchObject({ timeZone: BERLIN, start: '2026-12-07T08:00:00.000Z', end: '2026-12-07T09:00:00.000Z' });
    const [batched] = await c.getItems(mailbox, 'appointment', [item.id]);
    expect(batched?.data.timeZone).toBe(BERLIN);
    const view = await c.calendarView(mailbox, { start: '2026-12-07T00:00:00.000Z', end: '2026-12-08T00:00:00.000Z' });
    expect(view.find((a) => a.id === item.id)?.data.timeZone).toBe(BERLIN);
    expect((await c.findByLocalId(mailbox, 'appointment', 'tz-berlin-1'))?.data.timeZone).toBe(BERLIN);
  });

  test('an update moves the appointment to another zone; an IANA name is written as its Windows id', async () => {
    const item = await create({ subject: 'Moves to New York', start: '2026-12-08T15:00:00.000Z', end: '2026-12-08T16:00:00.000Z', timeZone: BERLIN }, 'tz-move-1');
    await c.updateItem(mailbox, 'appointment', item.id, { timeZone: 'Eastern Standard Time' });
    expect((await c.getItem(mailbox, 'appointment', item.id))?.data).toMatchObject({ timeZone: 'Eastern Standard Time', start: '2026-12-08T15:00:00.000Z' });
    const iana = await create({ subject: 'Sydney by IANA name', start: '2026-12-09T22:00:00.000Z', end: '2026-12-09T23:00:00.000Z', timeZone: 'Australia/Sydney' }, 'tz-iana-1');
    // The write hands back the zone as written, as the read does.
    expect(iana.data.timeZone).toBe('AUS Eastern Standard Time');
    expect((await c.getItem(mailbox, 'appointment', iana.id))?.data.timeZone).toBe('AUS Eastern Standard Time');
    const moved = await c.updateItem(mailbox, 'appointment', iana.id, { timeZone: 'Asia/Kolkata' });
    expect(moved.data.timeZone).toBe('India Standard Time');
  });

  test('seeded appointments carry their own zones, with and without DST, north and south', async () => {
    const view = await c.calendarView(env.lab.document.mailboxes[0] as string, { start: '2026-11-01T00:00:00.000Z', end: '2026-12-31T00:00:00.000Z' });
    const zones = new Set(view.map((a) => a.data.timeZone));
    expect(zones).toContain('India Standard Time');
    expect(zones).toContain('AUS Eastern Standard Time');
    expect(view.every((a) => typeof a.data.timeZone === 'string' && a.data.timeZone !== '')).toBe(true);
  });

  test('an all-day event on the day of the EU DST change (2026-10-25, 25 hours in Berlin) round-trips its exact dates', async () => {
    const day = { subject: 'Clocks go back', start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z', isAllDay: true, timeZone: BERLIN };
    const item = await create(day, 'tz-allday-1');
    const read = await c.getItem(mailbox, 'appointment', item.id);
    expect(read?.data).toMatchObject(day);
    const view = await c.calendarView(mailbox, { start: '2026-10-24T00:00:00.000Z', end: '2026-10-27T00:00:00.000Z' });
    expect(view.find((a) => a.id === item.id)?.data).toMatchObject(day);
    // An update of another field leaves the dates alone; so does re-stating them.
    await c.updateItem(mailbox, 'appointment', item.id, { subject: 'Clocks went back', start: day.start, end: day.end, isAllDay: true });
    expect((await c.getItem(mailbox, 'appointment', item.id))?.data).toMatchObject({ ...day, subject: 'Clocks went back' });
  });

  test('a four-day all-day event across the change keeps its first and last day', async () => {
    const days = { subject: 'Autumn break', start: '2026-10-23T22:00:00.000Z', end: '2026-10-27T23:00:00.000Z', isAllDay: true, timeZone: BERLIN };
    const item = await create(days, 'tz-allday-4');
    expect((await c.getItem(mailbox, 'appointment', item.id))?.data).toMatchObject(days);
  });

  test('an all-day event without a zone is written in UTC, not the agent host\'s zone: UTC midnights stay', async () => {
    const item = await create({ subject: 'UTC holiday', start: '2026-10-25T00:00:00.000Z', end: '2026-10-26T00:00:00.000Z', isAllDay: true }, 'tz-allday-utc');
    expect(item.data.timeZone).toBe('UTC');
    expect((await c.getItem(mailbox, 'appointment', item.id))?.data).toMatchObject({ start: '2026-10-25T00:00:00.000Z', end: '2026-10-26T00:00:00.000Z', isAllDay: true, timeZone: 'UTC' });
  });

  test('the lab widens an all-day item written in the wrong zone to midnight there, as Exchange does (what the zone prevents)', async () => {
    const item = await create({ subject: 'Wrong zone', start: '2026-10-24T22:00:00.000Z', end: '2026-10-25T23:00:00.000Z', isAllDay: true, timeZone: 'UTC' }, 'tz-allday-wrong');
    expect((await c.getItem(mailbox, 'appointment', item.id))?.data).toMatchObject({ start: '2026-10-24T00:00:00.000Z', end: '2026-10-26T00:00:00.000Z' });
  });

  test('a zone the client library does not know does not fail the write; the item keeps the server default', async () => {
    const item = await create({ subject: 'Custom zone', start: '2026-12-10T10:00:00.000Z', end: '2026-12-10T11:00:00.000Z', timeZone: 'Customized Time Zone' }, 'tz-custom');
    const read = await c.getItem(mailbox, 'appointment', item.id);
    expect(read?.data.start).toBe('2026-12-10T10:00:00.000Z');
    expect(typeof read?.data.timeZone).toBe('string');
  });

  test('a weekly series with an exception keeps its local time across the EU and US DST changes', async () => {
    const seeded = env.lab.document.mailboxes[0] as string;
    const view = await c.calendarView(seeded, { start: '2026-09-15T00:00:00.000Z', end: '2026-11-17T00:00:00.000Z' });
    const series = view.filter((a) => a.data.subject.startsWith('Team meeting'));
    expect(series.length).toBeGreaterThan(5);
    const zone = series[0]?.data.timeZone as string;
    expect(Object.keys(IANA)).toContain(zone);
    expect(series.every((a) => a.data.timeZone === zone)).toBe(true);
    const iana = IANA[zone] as string;
    const occurrences = series.filter((a) => a.appointmentType === 'occurrence');
    expect(new Set(occurrences.map((a) => localTime(a.data.start, iana)))).toEqual(new Set(['09:00']));
    // The UTC hour changes with DST while the local hour does not.
    expect(new Set(occurrences.map((a) => a.data.start.slice(11, 16))).size).toBe(2);
    const exception = series.find((a) => a.appointmentType === 'exception');
    expect(exception?.data.subject).toBe('Team meeting (moved)');
    expect(localTime(exception?.data.start as string, iana)).toBe('10:00');
  });
});

describe('which zone an EWS write carries (pure)', () => {
  test('Windows ids and IANA names (also those the library knows only by their older spelling) resolve to Windows ids', () => {
    expect(timeZoneInfoOf(BERLIN)?.Id).toBe(BERLIN);
    expect(timeZoneInfoOf('America/New_York')?.Id).toBe('Eastern Standard Time');
    expect(timeZoneInfoOf('Asia/Kolkata')?.Id).toBe('India Standard Time');
    expect(timeZoneInfoOf('Customized Time Zone')).toBeUndefined();
    expect(timeZoneInfoOf('Not/AZone')).toBeUndefined();
  });

  test('the data\'s own zone; for all-day items without one the item\'s current zone, else UTC; otherwise nothing', () => {
    expect(zoneToWrite({ timeZone: BERLIN })?.Id).toBe(BERLIN);
    expect(zoneToWrite({ timeZone: BERLIN, isAllDay: true }, 'Eastern Standard Time')?.Id).toBe(BERLIN);
    expect(zoneToWrite({ isAllDay: true })?.Id).toBe('UTC');
    expect(zoneToWrite({ isAllDay: true, timeZone: 'Customized Time Zone' })?.Id).toBe('UTC');
    expect(zoneToWrite({ isAllDay: true }, 'Eastern Standard Time')).toBeUndefined();
    expect(zoneToWrite({ subject: 'no zone' })).toBeUndefined();
    expect(zoneToWrite({ isAllDay: false, start: '2026-10-25T08:00:00.000Z' })).toBeUndefined();
  });
});

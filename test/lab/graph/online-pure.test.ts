/**
 * The pure parts of the online surface (#3): AADSTS bodies, $batch validation and
 * dependency handling, delta tokens, OData parsing, the per-mailbox throttle.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { aadstsError, entraTimestamp } from '../../../fixtures/lab/entra/aadsts-errors.js';
import { GraphRequestError, graphError } from '../../../fixtures/lab/graph/graph-errors.js';
import { executeBatch, normalisePartUrl, parseBatch, type PartResponse } from '../../../fixtures/lab/graph/json-batch.js';
import { MailboxThrottle } from '../../../fixtures/lab/graph/mailbox-throttle.js';
import { applySelect, parseFilter, parsePreferences } from '../../../fixtures/lab/graph/odata-query.js';
import { matchRoute, normalisePath } from '../../../fixtures/lab/graph/route-table.js';
import { SyncTokenCodec } from '../../../fixtures/lab/graph/sync-token.js';
import { eventFields } from '../../../fixtures/lab/graph/event-input.js';
import { expandedPropertyKeys, graphIdOf, modelKeyOf } from '../../../fixtures/lab/graph/extended-properties.js';

describe('AADSTS error bodies', () => {
  it('carry error, AADSTS description with trace/correlation/timestamp trailer, error_codes and ids', () => {
    const at = new Date('2026-11-23T10:11:12.345Z');
    const { status, body } = aadstsError('badSecret', { appId: 'app-1' }, { correlationId: 'corr-1', authorityHost: 'https://localhost:1', now: at });
    expect(status).toBe(401);
    expect(body.error).toBe('invalid_client');
    expect(body.error_codes).toEqual([7000215]);
    expect(body.timestamp).toBe('2026-11-23 10:11:12Z');
    expect(body.correlation_id).toBe('corr-1');
    expect(body.error_description).toBe(
      `AADSTS7000215: Invalid client secret provided. Ensure the secret being sent in the request is the client secret value, not the client secret ID, for a secret added to app 'app-1'.\r\nTrace ID: ${body.trace_id}\r\nCorrelation ID: corr-1\r\nTimestamp: 2026-11-23 10:11:12Z`,
    );
    expect(entraTimestamp(at)).toBe('2026-11-23 10:11:12Z');
  });
});

describe('Graph error bodies', () => {
  it('have code, message and innerError with date, request-id, client-request-id', () => {
    const { status, body } = graphError('syncStateNotFound', { requestId: 'r', clientRequestId: 'c' }, { generation: '4', highest: '7' }, new Date('2026-01-02T03:04:05.678Z'));
    expect(status).toBe(410);
    expect(body).toEqual({
      error: {
        code: 'SyncStateNotFound',
        message: 'The sync state generation is not found; generation=4;[highest=7][7].',
        innerError: { date: '2026-01-02T03:04:05', 'request-id': 'r', 'client-request-id': 'c' },
      },
    });
  });
});

describe('$batch', () => {
  const req = (id: string, dependsOn?: string[]): Record<string, unknown> => ({ id, method: 'GET', url: `/users/${id}`, ...(dependsOn ? { dependsOn } : {}) });

  it('validates size, ids and dependencies', () => {
    expect(() => parseBatch({ requests: Array.from({ length: 21 }, (_, i) => req(String(i))) })).toThrow(GraphRequestError);
    expect(() => parseBatch({ requests: [req('1'), req('1')] })).toThrow(/BadRequest/);
    expect(() => parseBatch({ requests: [req('1', ['2']), req('2')] })).toThrow(GraphRequestError);
    expect(() => parseBatch({ nope: [] })).toThrow(GraphRequestError);
    expect(parseBatch({ requests: [req('1'), req('2', ['1'])] }).map((p) => p.dependsOn)).toEqual([[], ['1']]);
  });

  it('strips the version the Graph JS client leaves in part URLs', () => {
    expect(normalisePartUrl('/v1.0/users/x?$top=1')).toBe('/users/x?$top=1');
    expect(normalisePartUrl('users')).toBe('/users');
  });

  it('runs dependants after their dependency, 424 after a failure, at most 4 at a time', async () => {
    const parts = parseBatch({ requests: [req('a'), req('b', ['a']), req('c', ['b']), ...['d', 'e', 'f', 'g', 'h', 'i'].map((id) => req(id, ['a']))] });
    let inFlight = 0;
    let peak = 0;
    const order: string[] = [];
    const responses = await executeBatch(parts, async (part): Promise<PartResponse> => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 5));
      inFlight--;
      order.push(part.id);
      return { status: part.id === 'b' ? 500 : 200, headers: {}, body: null };
    }, () => ({ status: 424, headers: {}, body: null }));
    const status = Object.fromEntries(responses.map((r) => [r.id, r.status]));
    expect(status).toMatchObject({ a: 200, b: 500, c: 424, d: 200, i: 200 });
    expect(order[0]).toBe('a');
    expect(order).not.toContain('c');
    expect(peak).toBeLessThanOrEqual(4);
  });
});

describe('delta tokens', () => {
  it('round-trip, and refuse tampered or foreign tokens', () => {
    const codec = new SyncTokenCodec(randomBytes(32));
    const state = { res: 'messages' as const, mbx: 'm', fld: 'f', seq: 42, gen: 2, initial: false, sel: ['subject'] };
    const token = codec.encode(state);
    expect(token).toMatch(/^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
    expect(codec.decode(token)).toEqual(state);
    expect(codec.decode(`${token.slice(0, 10)}x${token.slice(11)}`)).toBeNull();
    expect(new SyncTokenCodec(randomBytes(32)).decode(token)).toBeNull();
  });
});

describe('OData options and routes', () => {
  it('parses the receivedDateTime filter and refuses others', () => {
    expect(parseFilter('receivedDateTime ge 2026-01-01T00:00:00Z')).toEqual({ op: 'ge', atMs: Date.parse('2026-01-01T00:00:00Z') });
    expect(parseFilter('receivedDateTime gt 2026-01-01T00:00:00')).toEqual({ op: 'gt', atMs: Date.parse('2026-01-01T00:00:00Z') });
    expect(() => parseFilter("subject eq 'x'")).toThrow(GraphRequestError);
  });

  it('parses Prefer and keeps id and annotations under $select', () => {
    const prefer = parsePreferences('odata.maxpagesize=25, outlook.timezone="W. Europe Standard Time", IdType="ImmutableId"');
    expect(prefer).toMatchObject({ maxPageSize: 25, timeZone: 'W. Europe Standard Time', immutableId: true });
    expect(prefer.applied[0]).toBe('odata.maxpagesize=25');
    expect(applySelect({ '@odata.etag': 'e', id: '1', subject: 's', body: 'b' }, ['Subject'])).toEqual({ '@odata.etag': 'e', id: '1', subject: 's' });
  });

  it('normalises nested folder paths and delta spellings, preferring literal segments', () => {
    expect(normalisePath('/users/u/mailFolders/a/childFolders/b/childFolders/c/messages/microsoft.graph.delta()')).toBe('/users/u/mailFolders/c/messages/delta');
    expect(normalisePath('/users/u/calendar/calendarView/delta')).toBe('/users/u/calendarView/delta');
    expect(normalisePath("/users('a@b.c')/mailFolders('inbox')/messages")).toBe('/users/a@b.c/mailFolders/inbox/messages');
    const match = matchRoute('GET', '/users/u/mailFolders/f/messages/delta');
    expect(match !== null && match !== 'methodMismatch' ? match.route.op : null).toBe('messages.delta');
    expect(matchRoute('GET', '/users/u/sendMail')).toBe('methodMismatch');
  });
});

describe('per-mailbox throttle', () => {
  it('limits concurrency and the budget per window, per key', () => {
    let now = 0;
    const throttle = new MailboxThrottle({ concurrency: 2, budget: 3, windowMs: 10_000 }, () => now);
    const a = throttle.acquire('app|m1');
    const b = throttle.acquire('app|m1');
    expect(a.ok && b.ok).toBe(true);
    expect(throttle.acquire('app|m1')).toMatchObject({ ok: false, reason: 'concurrency', retryAfterSeconds: 1 });
    expect(throttle.acquire('app|m2').ok).toBe(true);
    if (a.ok) a.release();
    expect(throttle.acquire('app|m1').ok).toBe(true);
    now = 4_000;
    if (b.ok) b.release();
    expect(throttle.acquire('app|m1')).toMatchObject({ ok: false, reason: 'budget', retryAfterSeconds: 6 });
    now = 10_000;
    expect(throttle.acquire('app|m1').ok).toBe(true);
  });
});

describe('event input and extended properties', () => {
  it('turns dateTimeTimeZone into UTC with the zone rules (Windows or IANA names)', () => {
    const winter = eventFields({ start: { dateTime: '2026-01-15T10:00:00.0000000', timeZone: 'W. Europe Standard Time' }, end: { dateTime: '2026-01-15T11:00:00', timeZone: 'Europe/Amsterdam' } });
    expect(winter).toMatchObject({ start: '2026-01-15T09:00:00.000Z', end: '2026-01-15T10:00:00.000Z', timeZone: 'W. Europe Standard Time', timeZoneIana: 'Europe/Amsterdam' });
    const summer = eventFields({ start: { dateTime: '2026-07-15T10:00:00', timeZone: 'Pacific Standard Time' } });
    expect(summer.start).toBe('2026-07-15T17:00:00.000Z');
    expect(() => eventFields({ start: { dateTime: '2026-07-15T10:00:00', timeZone: 'Mars/Olympus' } })).toThrow(GraphRequestError);
    expect(eventFields({ subject: 'only this' })).toEqual({ subject: 'only this' });
  });

  it('maps Graph extended property ids onto the model keys the EWS surface uses', () => {
    expect(modelKeyOf('String {00020329-0000-0000-c000-000000000046} Name PsaId')).toBe('{00020329-0000-0000-C000-000000000046}:PsaId');
    expect(modelKeyOf('String 0x007D')).toBe('0x007D');
    expect(graphIdOf('{00020329-0000-0000-C000-000000000046}:PsaId')).toBe('String {00020329-0000-0000-C000-000000000046} Name PsaId');
    expect(expandedPropertyKeys("singleValueExtendedProperties($filter=id eq 'String 0x007D')")).toEqual(['0x007d']);
    expect(expandedPropertyKeys('singleValueExtendedProperties')).toBe('all');
    expect(expandedPropertyKeys('attachments')).toBeNull();
  });
});

// Pure decision logic of the sync engine, without I/O (#7): diffing by content hash,
// conflict policies (exchange-wins / application-wins / newest-wins), the mass-delete
// guard, EX-14 window math and the EX-13 import filter.
import { describe, expect, it } from 'vitest';
import { changedFields, contentHash } from '../../agent/sync/content-hash.js';
import { resolveConflict } from '../../agent/sync/conflict-policy.js';
import { importRefusal, projectImported } from '../../agent/sync/import-options.js';
import { checkMassDelete } from '../../agent/sync/mass-delete-guard.js';
import { decideLocalChange, decideRemoteChange, decideRemoteDelete, type LocalSide, type PairRow } from '../../agent/sync/sync-decisions.js';
import { expansionWindow, overlapsWindow, trackingWindow, windowChanged } from '../../agent/sync/sync-windows.js';
import { collapseChanges } from '../../agent/sync/change-round.js';
import type { RemoteItem } from '../../agent/connectors/connector.js';

const pair = (syncedHash: string, extra: Partial<PairRow> = {}): PairRow => ({ localId: 'L1', remoteId: 'R1', changeKey: 'ck1', syncedHash, createStartedAt: null, ...extra });
const local = (hash: string, extra: Partial<LocalSide> = {}): LocalSide => ({ localId: 'L1', hash, updatedAt: '2026-11-20T10:00:00Z', deleted: false, ...extra });

describe('content hash', () => {
  it('ignores key order, empty values and instant spelling, sees real edits', () => {
    expect(contentHash({ subject: 'a', start: '2026-11-20T10:00:00Z', body: '' })).toBe(contentHash({ start: '2026-11-20T11:00:00+01:00', subject: 'a' }));
    expect(contentHash({ subject: 'a' })).not.toBe(contentHash({ subject: 'b' }));
  });
  it('changedFields gives only what differs, blanking removed strings', () => {
    expect(changedFields({ subject: 'a', location: 'x', start: '2026-11-20T10:00:00Z' }, { subject: 'b', start: '2026-11-20T10:00:00.000Z' })).toEqual({ subject: 'b', location: '' });
  });
});

describe('remote change decisions', () => {
  it('imports an unknown item, updates locally when only Exchange changed, links when nothing changed', () => {
    expect(decideRemoteChange({ remote: { id: 'R9', hash: 'h' }, policy: 'newest-wins' })).toEqual({ action: 'import' });
    expect(decideRemoteChange({ remote: { id: 'R1', hash: 'h2' }, pair: pair('h1'), local: local('h1'), policy: 'newest-wins' })).toEqual({ action: 'update-local', localId: 'L1' });
    expect(decideRemoteChange({ remote: { id: 'R1', hash: 'h1' }, pair: pair('h1'), local: local('h2'), policy: 'newest-wins' })).toEqual({ action: 'link', localId: 'L1' });
  });
  it('adopts an item carrying our local id (lost create answer, resync) instead of importing a duplicate', () => {
    expect(decideRemoteChange({ remote: { id: 'R5', hash: 'h1', localIdProperty: 'L1' }, local: local('h1'), policy: 'newest-wins' })).toEqual({ action: 'link', localId: 'L1' });
    expect(decideRemoteChange({ remote: { id: 'R5', hash: 'h1', localIdProperty: 'L1' }, local: local('h1', { deleted: true }), policy: 'newest-wins' })).toEqual({ action: 'delete-remote', localId: 'L1' });
  });
  it('both changed: each policy picks its winner and the decision carries the conflict note', () => {
    const input = { remote: { id: 'R1', hash: 'hr', lastModified: '2026-11-20T09:00:00Z' }, pair: pair('h0'), local: local('hl'), policy: 'exchange-wins' as const };
    const ex = decideRemoteChange(input);
    expect(ex).toMatchObject({ action: 'update-local', conflict: { winner: 'exchange', shape: 'both-changed', policy: 'exchange-wins' } });
    expect(decideRemoteChange({ ...input, policy: 'application-wins' })).toMatchObject({ action: 'update-remote', conflict: { winner: 'application' } });
    // Local 10:00 is newer than Exchange 09:00.
    expect(decideRemoteChange({ ...input, policy: 'newest-wins' })).toMatchObject({ action: 'update-remote', conflict: { winner: 'application' } });
    expect(decideRemoteChange({ ...input, remote: { ...input.remote, lastModified: '2026-11-20T11:00:00Z' }, policy: 'newest-wins' })).toMatchObject({ action: 'update-local', conflict: { winner: 'exchange' } });
  });
  it('the same edit on both sides is no conflict', () => {
    expect(decideRemoteChange({ remote: { id: 'R1', hash: 'hx' }, pair: pair('h0'), local: local('hx'), policy: 'exchange-wins' })).toEqual({ action: 'link', localId: 'L1' });
  });
  it('local delete vs Exchange edit: exchange-wins restores, application-wins deletes remotely', () => {
    const input = { remote: { id: 'R1', hash: 'hr' }, pair: pair('h0'), local: local('h0', { deleted: true }) };
    expect(decideRemoteChange({ ...input, policy: 'exchange-wins' })).toMatchObject({ action: 'restore-local' });
    expect(decideRemoteChange({ ...input, policy: 'application-wins' })).toMatchObject({ action: 'delete-remote' });
  });
});

describe('remote delete decisions', () => {
  it('deletes locally, ignores unknown ids, forgets already deleted pairs', () => {
    expect(decideRemoteDelete({ pair: pair('h1'), local: local('h1'), policy: 'newest-wins' })).toEqual({ action: 'delete-local', localId: 'L1' });
    expect(decideRemoteDelete({ policy: 'newest-wins' })).toEqual({ action: 'ignore' });
    expect(decideRemoteDelete({ pair: pair('h1'), local: local('h1', { deleted: true }), policy: 'newest-wins' })).toEqual({ action: 'forget', localId: 'L1' });
  });
  it('a local edit against an Exchange delete is a conflict; newest-wins keeps the edit (no delete time is known)', () => {
    expect(decideRemoteDelete({ pair: pair('h1'), local: local('h2'), policy: 'exchange-wins' })).toMatchObject({ action: 'delete-local', conflict: { winner: 'exchange' } });
    expect(decideRemoteDelete({ pair: pair('h1'), local: local('h2'), policy: 'newest-wins' })).toMatchObject({ action: 'recreate-remote', conflict: { winner: 'application' } });
  });
});

describe('local change decisions', () => {
  it('creates only when allowed, looks up a create whose answer was lost, updates and deletes', () => {
    expect(decideLocalChange({ local: local('h'), mayCreate: true })).toEqual({ action: 'create' });
    expect(decideLocalChange({ local: local('h'), mayCreate: false })).toEqual({ action: 'none' });
    expect(decideLocalChange({ local: local('h'), pair: pair('x', { remoteId: null, createStartedAt: '2026-11-20T10:00:00Z' }), mayCreate: true })).toEqual({ action: 'find-or-create' });
    expect(decideLocalChange({ local: local('h2'), pair: pair('h1'), mayCreate: true })).toEqual({ action: 'update-remote', remoteId: 'R1' });
    expect(decideLocalChange({ local: local('h1'), pair: pair('h1'), mayCreate: true })).toEqual({ action: 'none' });
    expect(decideLocalChange({ local: local('h1', { deleted: true }), pair: pair('h1'), mayCreate: true })).toEqual({ action: 'delete-remote', remoteId: 'R1' });
    expect(decideLocalChange({ local: local('h1', { deleted: true }), pair: pair('h1', { remoteId: null, createStartedAt: 'x' }), mayCreate: true })).toEqual({ action: 'find-and-delete' });
  });
});

describe('conflict policy', () => {
  it('newest-wins: a tie goes to Exchange; missing remote time keeps the local change', () => {
    expect(resolveConflict('newest-wins', { shape: 'both-changed', localModified: '2026-11-20T10:00:00Z', remoteModified: '2026-11-20T10:00:00Z' }).winner).toBe('exchange');
    expect(resolveConflict('newest-wins', { shape: 'both-changed', localModified: '2026-11-20T10:00:00Z' }).winner).toBe('application');
  });
});

describe('mass-delete guard', () => {
  it('stops a sync deleting more than the share, lets small folders and confirmed runs pass', () => {
    const settings = { maxShare: 0.5, minItems: 10 };
    expect(checkMassDelete(60, 100, settings).allowed).toBe(false);
    expect(checkMassDelete(50, 100, settings).allowed).toBe(true);
    expect(checkMassDelete(9, 9, settings).allowed).toBe(true);
    expect(checkMassDelete(60, 100, settings, true).allowed).toBe(true);
    expect(checkMassDelete(12, 0, settings)).toMatchObject({ allowed: false, share: 1 });
  });
});

describe('EX-14 windows', () => {
  const now = new Date('2026-03-20T15:30:00Z');
  it('expansion window: past days back from today 00:00 UTC, recurring days ahead inclusive of today', () => {
    expect(expansionWindow(now, { pastDays: 7, recurringDaysAhead: 30 })).toEqual({ start: '2026-03-13T00:00:00.000Z', end: '2026-04-20T00:00:00.000Z' });
    expect(trackingWindow(now, { pastDays: 1, recurringDaysAhead: 1 }).start).toBe('2026-03-19T00:00:00.000Z');
  });
  it('overlap and window change', () => {
    const w = { start: '2026-03-20T00:00:00.000Z', end: '2026-03-21T00:00:00.000Z' };
    expect(overlapsWindow({ start: '2026-03-19T23:00:00Z', end: '2026-03-20T01:00:00Z' }, w)).toBe(true);
    expect(overlapsWindow({ start: '2026-03-19T00:00:00Z', end: '2026-03-20T00:00:00Z' }, w)).toBe(false);
    expect(windowChanged(null, w)).toBe(true);
    expect(windowChanged({ ...w }, w)).toBe(false);
  });
});

describe('EX-13 import filter', () => {
  const appt = (showAs: 'free' | 'busy'): RemoteItem => ({ kind: 'appointment', id: 'R', data: { subject: 'Dentist', start: '2026-03-20T10:00:00Z', end: '2026-03-20T11:00:00Z', showAs, body: 'private', location: 'Main St' } });
  it('free-time appointments only when sent, nothing in mode none', () => {
    expect(importRefusal(appt('free'), { appointments: 'all', sendFreeTime: false })).toBe('free-time');
    expect(importRefusal(appt('free'), { appointments: 'all', sendFreeTime: true })).toBeNull();
    expect(importRefusal(appt('busy'), { appointments: 'none', sendFreeTime: false })).toBe('import-disabled');
  });
  it('noDetails keeps start and end only', () => {
    expect(projectImported('appointment', appt('busy').data as never, { appointments: 'noDetails', sendFreeTime: true })).toEqual({ subject: '', start: '2026-03-20T10:00:00Z', end: '2026-03-20T11:00:00Z', showAs: 'busy' });
  });
});

describe('change rounds', () => {
  it('collapse replays: one entry per id, a delete wins over later replays of the create', () => {
    const out = collapseChanges([{ type: 'created', id: 'a' }, { type: 'updated', id: 'a', changeKey: '2' }, { type: 'deleted', id: 'b' }, { type: 'created', id: 'b' }, { type: 'readFlag', id: 'c' }]);
    expect(out).toEqual([{ type: 'updated', id: 'a', changeKey: '2' }, { type: 'deleted', id: 'b' }]);
  });
});

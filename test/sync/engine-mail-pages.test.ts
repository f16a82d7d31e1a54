// Mail ingestion committed page by page (#7, O365-3, O365-4): each page of a folder's round
// stores its messages with the state after it, so a round cut off between pages resumes
// after the last stored page — a cut baseline stays a baseline (old mail still not taken),
// a cut round of new mail stores every message once and asks only for the missing page.
// Real SQLite store and document files; the Exchange side is the in-memory EWS double.
import { afterEach, describe, expect, it } from 'vitest';
import { DocumentStore } from '../../agent/sync/document-store.js';
import { RoundLedger } from '../../agent/sync/round-ledger.js';
import { createEngineKit, onpremProfile, type EngineKit } from './engine-kit.js';
import { MemoryExchange } from './memory-connector.js';

const A = 'anna@example.test';
const kits: EngineKit[] = [];
afterEach(() => { for (const k of kits.splice(0)) k.close(); });

function setup() {
  const server = new MemoryExchange('ews');
  server.addMailbox(A);
  const kit = createEngineKit(server, onpremProfile([A], { mail: { folders: ['Inbox'], includeSentItems: false }, export: {}, import: { appointments: 'none' } }));
  kit.books.userAttempt('p1', A);
  kit.books.markConfirmed('p1', A); // no EX-15 confirmation mail in the counts
  kits.push(kit);
  return { server, kit };
}

const at = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
const stored = (kit: EngineKit) => new DocumentStore(kit.store.db, kit.dir).list('p1').map((d) => d.messageId);
/** The Inbox's round in progress, if any (its folder key holds the server's folder id). */
const inboxRound = (kit: EngineKit) => {
  const row = kit.store.db.prepare("SELECT folder_key FROM sync_round WHERE folder_key LIKE 'mail:%'").get() as { folder_key: string } | undefined;
  return row ? new RoundLedger(kit.store.db).current({ profile: 'p1', mailbox: A, folderKey: row.folder_key }) : null;
};

describe('mail ingestion page by page', () => {
  it('a baseline cut off between pages resumes as a baseline: old mail stays out, mail since the selection is taken once', async () => {
    const { server, kit } = setup();
    for (let i = 0; i < 25; i += 1) server.serverDeliver(A, 'Inbox', { internetMessageId: `<old-${i}@x>`, subject: `old ${i}`, receivedAt: at(-60 * 24 - i) });
    // Received after the selection is saved (the first sync saves it), listed in the last page.
    server.serverDeliver(A, 'Inbox', { internetMessageId: '<during-baseline@x>', subject: 'during', receivedAt: at(5) });
    server.failTrackChangesAfter(1);
    const cut = await kit.sync({ pageSize: 10 });
    expect(cut.errors.map((e) => [e.folder, e.code])).toEqual([['Inbox', 'ErrorInternalServerError']]);
    expect(inboxRound(kit)).toEqual({ full: true, expand: false });

    const resumed = await kit.sync({ pageSize: 10 });
    expect(resumed).toMatchObject({ errors: [], ingested: 1 });
    expect(stored(kit)).toEqual(['<during-baseline@x>']);
    expect(inboxRound(kit)).toBeNull();
  });

  it('a round of new mail cut off between pages keeps what it stored and reads only the missing page', async () => {
    const { server, kit } = setup();
    expect((await kit.sync({ pageSize: 10 })).errors).toEqual([]);
    for (let i = 0; i < 25; i += 1) server.serverDeliver(A, 'Inbox', { internetMessageId: `<new-${i}@x>`, subject: `new ${i}`, receivedAt: at(1) });
    server.failTrackChangesAfter(2);
    const cut = await kit.sync({ pageSize: 10 });
    expect(cut.errors.map((e) => e.code)).toEqual(['ErrorInternalServerError']);
    expect(cut.ingested).toBe(20);
    expect(inboxRound(kit)).toEqual({ full: false, expand: false });

    const calls = server.callLog.length;
    const resumed = await kit.sync({ pageSize: 10 });
    expect(resumed).toMatchObject({ errors: [], ingested: 5 });
    expect(server.callLog.slice(calls).filter((c) => c === 'trackChanges')).toHaveLength(1);
    expect(server.callLog.slice(calls).filter((c) => c === 'getMessage')).toHaveLength(5);
    const ids = stored(kit);
    expect(ids).toHaveLength(25);
    expect(new Set(ids).size).toBe(25);
    expect(inboxRound(kit)).toBeNull();
  });
});

// Round trips of the Graph connector against the lab, counted by the lab's server
// (GET {control}/stats → requests.byOperation), issue #7:
// - app-only tokens: N concurrent callers cause one openid-configuration and one token
//   request per connector (single-flight acquisition, MSAL's cache afterwards);
// - delegated tokens: concurrent callers share one refresh-token redemption (O365-2) —
//   msal-node 7 coalesces concurrent acquireTokenSilent calls itself; the test pins it;
// - calendarView of a whole EX-14 window pages 500 entries a request (⌈entries / 500⌉ requests);
// - folder trees to depth 5 (O365-3, O365-4) in one round trip a level ($batch of the level's
//   parents), and the selections of one mailbox sharing its top-level listing.
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { openDelegatedConnection, signInDelegatedUser } from '../../agent/connectors/graph/delegated-connection.js';
import { createGraphConnector } from '../../agent/connectors/graph/create-graph-connector.js';
import type { GraphConnector } from '../../agent/connectors/graph/graph-connector.js';
import { CALENDAR_VIEW_PAGE } from '../../agent/connectors/graph/graph-requester.js';
import { delegatedSessions } from '../../fixtures/lab/entra/delegated-sessions.js';
import { expandOccurrences } from '../../fixtures/lab/model/recurrence.js';
import type { Folder } from '../../fixtures/lab/model/types.js';
import type { OnlineProfile } from '../../src/profiles/profile-schema.js';
import { setFaults, startConnectorLab, type ConnectorLab } from './connector-lab.js';

let env: ConnectorLab;
const open: GraphConnector[] = [];

async function connector(): Promise<GraphConnector> {
  const c = await createGraphConnector(structuredClone(env.online), env.secrets);
  open.push(c);
  return c;
}

/** What the lab's server saw since the last call, per operation; the counters start again. */
async function serverSaw(): Promise<Record<string, number>> {
  const seen = (await (await fetch(`${env.lab.document.control}/stats`)).json()) as { requests: { byOperation: Record<string, number> } };
  await fetch(`${env.lab.document.control}/stats`, { method: 'DELETE' });
  return seen.requests.byOperation;
}

beforeAll(async () => {
  // 10,000 items a mailbox: ~2,500 events, more than one calendarView page in a 61-day window.
  env = await startConnectorLab({ mailboxes: 2, items: 10_000 });
}, 60_000);

afterAll(async () => {
  for (const c of open) await c.close();
  await env?.stop();
});

describe('Graph token requests (#7)', () => {
  test('8 concurrent callers on a new connector: one openid-configuration, one token request; later calls use the cached token', async () => {
    const c = await connector();
    const mailboxes = env.lab.document.mailboxes;
    await serverSaw();
    const calls = Array.from({ length: 8 }, (_, i) => c.getItem(mailboxes[i % mailboxes.length] as string, 'contact', 'no-such-contact'));
    expect(await Promise.all(calls)).toEqual(new Array(8).fill(null));
    const first = await serverSaw();
    expect(first['entra:openid-configuration']).toBe(1);
    expect(first['entra:token']).toBe(1);
    expect(first['graph:contacts.get']).toBe(8);

    await Promise.all(mailboxes.map((m) => c.getItem(m, 'contact', 'no-such-contact')));
    const later = await serverSaw();
    expect(later['entra:openid-configuration']).toBeUndefined();
    expect(later['entra:token']).toBeUndefined();
  });

  test('a refused acquisition fails every waiting caller with its AADSTS code; the next call asks again (entra-bad-secret)', async () => {
    const mailbox = env.lab.document.mailboxes[0] as string;
    await setFaults(env.lab, ['entra-bad-secret']);
    try {
      const c = await connector();
      await serverSaw();
      const results = await Promise.allSettled(Array.from({ length: 4 }, () => c.getItem(mailbox, 'contact', 'x')));
      for (const r of results) expect(r).toMatchObject({ status: 'rejected', reason: { code: 'AADSTS7000215' } });
      expect((await serverSaw())['entra:token']).toBe(1);
      await expect(c.getItem(mailbox, 'contact', 'x')).rejects.toMatchObject({ code: 'AADSTS7000215' });
      expect((await serverSaw())['entra:token']).toBe(1);
    } finally {
      await setFaults(env.lab, [], ['entra-bad-secret']);
    }
  });

  test('a TLS failure of the shared acquisition reaches every waiting caller with the TLS code, not only the first', async () => {
    const c = await createGraphConnector({ ...structuredClone(env.online), tls: { systemTrustStore: true } }, env.secrets);
    open.push(c);
    const mailbox = env.lab.document.mailboxes[0] as string;
    const results = await Promise.allSettled(Array.from({ length: 4 }, () => c.getItem(mailbox, 'contact', 'x')));
    for (const r of results) {
      expect(r).toMatchObject({ status: 'rejected', reason: { family: 'tls', code: expect.stringMatching(/^(UNABLE_TO_VERIFY_LEAF_SIGNATURE|UNABLE_TO_GET_ISSUER_CERT_LOCALLY|SELF_SIGNED_CERT_IN_CHAIN)$/) } });
    }
  });
});

describe('delegated token requests (#7, O365-2)', () => {
  test('6 concurrent callers share one refresh-token redemption (msal-node coalesces silent requests)', async () => {
    const sessions = delegatedSessions(env.lab.context);
    sessions.pollIntervalSeconds = 1;
    // Access tokens under MSAL's 5-minute renewal margin: every silent acquisition redeems the refresh token.
    sessions.accessTokenLifetimeSeconds = 120;
    const profile: OnlineProfile = { ...structuredClone(env.online), credentials: { kind: 'delegated' } };
    const user = env.lab.document.mailboxes[0] as string;
    const approvals: Array<Promise<unknown>> = [];
    await signInDelegatedUser(profile, env.secrets, user, (prompt) => {
      approvals.push(new Promise((r) => setTimeout(r, 1200)).then(() => fetch(`${env.lab.document.control}/device-codes/approve`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ userCode: prompt.userCode, user }),
      })));
    }, { timeoutSeconds: 60 });
    await Promise.all(approvals);
    const conn = await openDelegatedConnection(profile, env.secrets, user);
    try {
      await serverSaw();
      const tokens = await Promise.all(Array.from({ length: 6 }, () => conn.tokens.token()));
      expect(new Set(tokens).size).toBe(1);
      const seen = await serverSaw();
      expect(seen['entra:token']).toBe(1);
      expect(seen['entra:openid-configuration']).toBe(1);
    } finally {
      conn.close();
    }
  }, 60_000);
});

describe('calendarView pages (#7, EX-14)', () => {
  test('the longest EX-14 window (30 days back, 31 ahead) in ⌈entries / 500⌉ requests, every entry once', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[0] as string;
    const day = 86_400_000;
    const now = Date.now();
    const window = { start: new Date(now - 30 * day).toISOString(), end: new Date(now + 31 * day).toISOString() };
    const model = env.lab.context.model;
    const calendar = model.wellKnownFolder(model.findMailbox(mailbox)!.id, 'calendar');
    const expected = model.items(calendar.id).reduce((n, e) => n + (e.kind === 'event' ? expandOccurrences(e, Date.parse(window.start), Date.parse(window.end)).length : 0), 0);
    expect(expected).toBeGreaterThan(CALENDAR_VIEW_PAGE);
    await c.calendarView(mailbox, window);
    await serverSaw();
    const entries = await c.calendarView(mailbox, window);
    expect(entries).toHaveLength(expected);
    expect(new Set(entries.map((e) => `${e.id}|${e.data.start}`)).size).toBe(expected);
    expect((await serverSaw())['graph:calendarView.list']).toBe(Math.ceil(expected / CALENDAR_VIEW_PAGE));
  });
});

/** The lab's mail folders of a mailbox to `maxDepth`, depth-first, as `path` strings. */
function modelTree(mailbox: string, maxDepth: number): { paths: string[]; levelsWithChildren: number } {
  const model = env.lab.context.model;
  const root = model.wellKnownFolder(model.findMailbox(mailbox)!.id, 'msgfolderroot');
  const paths: string[] = [];
  const parentsAt = new Set<number>();
  const walk = (parent: Folder, prefix: string, depth: number): void => {
    for (const f of model.childFolders(parent.id).filter((x) => x.folderClass === 'IPF.Note')) {
      const path = prefix ? `${prefix}/${f.displayName}` : f.displayName;
      paths.push(path);
      const children = model.childFolders(f.id).filter((x) => x.folderClass === 'IPF.Note').length;
      if (depth < maxDepth && children > 0) {
        parentsAt.add(depth);
        walk(f, path, depth + 1);
      }
    }
  };
  walk(root, '', 1);
  return { paths, levelsWithChildren: parentsAt.size };
}

describe('mail folder trees and selections (#7, O365-3, O365-4)', () => {
  test('a shared mailbox\'s tree to depth 5: the same folders, depth-first, in one round trip per level', async () => {
    const c = await connector();
    const shared = env.lab.document.sharedMailboxes[0] as string;
    await c.getItem(shared, 'contact', 'warm-up-the-token');
    const expected = modelTree(shared, 5);
    expect(expected.levelsWithChildren).toBeGreaterThanOrEqual(4);
    await serverSaw();
    const before = c.stats().roundTrips;
    const folders = await c.listFolders(shared, { maxDepth: 5 });
    expect(folders.map((f) => f.path)).toEqual(expected.paths);
    expect(Math.max(...folders.map((f) => f.depth))).toBe(5);
    for (const f of folders) expect(f.path.split('/')).toHaveLength(f.depth);
    // The top level, then one round trip for each level that has parents.
    expect(c.stats().roundTrips - before).toBe(1 + expected.levelsWithChildren);
    const seen = await serverSaw();
    expect(seen['graph:mailFolders.list']).toBe(1);
  });

  test('a level with 25 parents: two $batch round trips (20 + 5 parts), every child folder listed', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[1] as string;
    const model = env.lab.context.model;
    const box = model.findMailbox(mailbox)!;
    const wide = model.createFolder(model.wellKnownFolder(box.id, 'msgfolderroot').id, 'Clients');
    for (let i = 0; i < 25; i++) model.createFolder(model.createFolder(wide.id, `Client ${String(i).padStart(2, '0')}`).id, 'Letters');
    await c.getItem(mailbox, 'contact', 'warm-up-the-token');
    await serverSaw();
    const folders = await c.listFolders(mailbox, { maxDepth: 3 });
    expect(folders.filter((f) => /^Clients\/Client \d\d\/Letters$/.test(f.path))).toHaveLength(25);
    expect(folders.map((f) => f.path).sort()).toEqual(modelTree(mailbox, 3).paths.sort());
    const seen = await serverSaw();
    expect(seen['graph:mailFolders.list']).toBe(1);
    expect(seen['graph:batch']).toBe(3); // level 2 (Inbox, Archive, Clients …), level 3: 25 + others in ⌈n/20⌉
  });

  test('a parent with more children than a page: its batch part\'s nextLink is followed, no child lost', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[1] as string;
    const model = env.lab.context.model;
    const big = model.createFolder(model.wellKnownFolder(model.findMailbox(mailbox)!.id, 'msgfolderroot').id, 'Big');
    for (let i = 0; i < 205; i++) model.createFolder(big.id, `Case ${String(i).padStart(3, '0')}`);
    await c.getItem(mailbox, 'contact', 'warm-up-the-token');
    await serverSaw();
    const folders = await c.listFolders(mailbox, { maxDepth: 2 });
    expect(folders.filter((f) => f.path.startsWith('Big/'))).toHaveLength(205);
    expect(folders.map((f) => f.path)).toEqual(modelTree(mailbox, 2).paths);
    const root = model.wellKnownFolder(model.findMailbox(mailbox)!.id, 'msgfolderroot');
    const parents = model.childFolders(root.id).filter((f) => f.folderClass === 'IPF.Note' && model.childFolders(f.id).some((x) => x.folderClass === 'IPF.Note')).length;
    const seen = await serverSaw();
    expect(seen['graph:batch']).toBe(1);
    // One part per parent in the batch, then Big's second page asked for on its own.
    expect(seen['graph:mailFolders.childFolders']).toBe(parents + 1);
  });

  test('selections of one mailbox share its top-level listing; a folder created since is still found', async () => {
    const c = await connector();
    const mailbox = env.lab.document.mailboxes[0] as string;
    await c.getItem(mailbox, 'contact', 'warm-up-the-token');
    await serverSaw();
    expect((await c.resolveFolderPath(mailbox, 'Inbox')).path).toBe('Inbox');
    expect((await c.resolveFolderPath(mailbox, 'sent items')).path).toBe('Sent Items');
    const deep = await c.resolveFolderPath(mailbox, 'Inbox/Projects/2026');
    expect(deep).toMatchObject({ path: 'Inbox/Projects/2026', depth: 3 });
    expect(deep.id).toBe(env.lab.context.model.folders(env.lab.context.model.findMailbox(mailbox)!.id).find((f) => env.lab.context.model.folderPath(f.id).join('/') === 'Inbox/Projects/2026')?.id);
    let seen = await serverSaw();
    expect(seen['graph:mailFolders.list']).toBe(1);
    expect(seen['graph:mailFolders.childFolders']).toBe(2);

    const model = env.lab.context.model;
    model.createFolder(model.wellKnownFolder(model.findMailbox(mailbox)!.id, 'msgfolderroot').id, 'Invoices');
    expect((await c.resolveFolderPath(mailbox, 'Invoices')).path).toBe('Invoices');
    await expect(c.resolveFolderPath(mailbox, 'No Such Folder')).rejects.toMatchObject({ code: 'MB_FOLDER_NOT_FOUND' });
    seen = await serverSaw();
    // A miss in the remembered level is looked up again before the path is called missing.
    expect(seen['graph:mailFolders.list']).toBe(2);
  });
});

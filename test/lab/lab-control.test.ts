/**
 * The lab's control endpoint and contract document (#3): /state with ids and change keys,
 * /stats counting on the server side, /faults switching and refusing unknown names, the
 * profile files accepted by the project's own profile validation, and determinism of the
 * served data from the seed.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAULTS } from '../../fixtures/lab/faults.js';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';

const ANCHOR = '2026-06-01T00:00:00.000Z';
let lab: RunningLab;

beforeAll(async () => {
  lab = await startLab({ seed: 42, anchor: ANCHOR });
});
afterAll(async () => {
  await lab?.stop();
});

interface StateDoc {
  schema: string;
  mailboxes: Array<{ id: string; primarySmtp: string; seq: number; folders: Array<{ id: string; changeKey: string; wellKnownName: string | null; path: string; itemCount: number; items?: Array<{ id: string; changeKey: string; kind: string }> }> }>;
}

async function getJson<T>(path: string, init?: RequestInit): Promise<{ status: number; body: T }> {
  const res = await fetch(`${lab.document.control}${path}`, init);
  return { status: res.status, body: (await res.json()) as T };
}

describe('contract document', () => {
  it('has the fields of the mailbridge.lab/v1 contract line', () => {
    const doc = lab.document;
    expect(doc.schema).toBe('mailbridge.lab/v1');
    expect(doc.ews.url).toBe(`https://localhost:${doc.ews.httpsPort}/EWS/Exchange.asmx`);
    expect(doc.graph.baseUrl).toMatch(/^https:\/\/localhost:\d+\/v1\.0$/);
    expect(doc.graph.authorityHost).toMatch(/^https:\/\/localhost:\d+$/);
    expect(doc.graph.tenantId).toMatch(/^[0-9a-f-]{36}$/);
    expect(readFileSync(doc.caFile, 'utf8')).toContain('BEGIN CERTIFICATE');
    expect(doc.accounts[0]).toMatchObject({ kind: 'ews', user: 'svc-mailbridge', domain: 'LAB', mailbox: 'svc-mailbridge@lab.mailbridge.test' });
    expect(doc.apps[0]).toMatchObject({ tenantId: doc.graph.tenantId });
    expect(doc.mailboxes).toHaveLength(3);
    expect(doc.sharedMailboxes).toEqual(['support@lab.mailbridge.test']);
    expect(doc.profiles.map((p) => p.name)).toEqual(['lab-onprem', 'lab-online']);
    expect(doc.control).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('writes profile files the project\'s profile validation accepts, secrets only as references', () => {
    for (const entry of lab.document.profiles) {
      const text = readFileSync(entry.file, 'utf8');
      for (const value of Object.values(entry.secrets)) expect(text).not.toContain(value);
      const result = validateProfile(JSON.parse(text));
      expect(result.issues.filter((i) => i.severity === 'error')).toEqual([]);
      expect(result.valid).toBe(true);
      expect(result.profile?.staff.filter((s) => s.enabled).map((s) => s.user)).toEqual(lab.document.mailboxes);
      expect(result.profile?.tls.caFile).toBe(lab.document.caFile);
    }
    expect(lab.document.profiles[0]?.secrets).toEqual({ password: lab.document.accounts[0]?.password });
    expect(lab.document.profiles[1]?.secrets).toEqual({ clientSecret: lab.document.apps[0]?.clientSecret });
  });
});

describe('control endpoint', () => {
  it('GET /state lists mailboxes, folders and items with ids and change keys', async () => {
    const { status, body } = await getJson<StateDoc>('/state');
    expect(status).toBe(200);
    expect(body.schema).toBe('mailbridge.lab-state/v1');
    const alice = body.mailboxes.find((m) => m.primarySmtp === lab.document.mailboxes[0]);
    const inbox = alice?.folders.find((f) => f.wellKnownName === 'inbox');
    expect(inbox?.items?.length).toBe(inbox?.itemCount);
    expect(inbox?.items?.[0]).toMatchObject({ id: expect.stringMatching(/^AAMk/), changeKey: expect.stringMatching(/^CQAAAB/), kind: 'message' });
    expect(alice?.folders.some((f) => f.path.split('/').length === 7)).toBe(true);

    const one = await getJson<StateDoc>(`/state?mailbox=${encodeURIComponent(lab.document.sharedMailboxes[0]!)}&items=false`);
    expect(one.body.mailboxes.map((m) => m.primarySmtp)).toEqual(lab.document.sharedMailboxes);
    expect(one.body.mailboxes[0]?.folders[0]?.items).toBeUndefined();
  });

  it('GET /state reflects a change made through the model', async () => {
    const ctx = lab.context;
    const mbx = ctx.model.findMailbox(lab.document.mailboxes[1]!)!;
    const inbox = ctx.model.wellKnownFolder(mbx.id, 'inbox');
    const item = ctx.model.items(inbox.id)[0]!;
    const updated = ctx.model.updateItem(item.id, { subject: 'changed by the test' }, item.changeKey);
    const { body } = await getJson<StateDoc>(`/state?mailbox=${mbx.primarySmtp}`);
    const served = body.mailboxes[0]?.folders.find((f) => f.id === inbox.id)?.items?.find((i) => i.id === item.id);
    expect(served?.changeKey).toBe(updated.changeKey);
    expect(served?.changeKey).not.toBe(item.changeKey);
  });

  it('GET /stats counts requests on the server side; DELETE /stats resets', async () => {
    await getJson('/stats', { method: 'DELETE' });
    await fetch(`http://127.0.0.1:${lab.document.ews.httpPort}/owa/`, { redirect: 'manual' });
    await fetch(`http://127.0.0.1:${lab.document.ews.httpPort}/EWS/Exchange.asmx`, { redirect: 'manual' });
    const { body } = await getJson<{ requests: { total: number; byOperation: Record<string, number> } }>('/stats');
    expect(body.requests.byOperation['http:redirect']).toBe(2);
    expect(body.requests.total).toBe(2);
  });

  it('GET /faults lists every switch; POST switches; unknown names are refused with the valid list', async () => {
    const listed = await getJson<{ active: string[]; available: Array<{ name: string }> }>('/faults');
    expect(listed.body.available.map((f) => f.name)).toEqual(FAULTS.map((f) => f.name));
    const on = await getJson<{ active: string[] }>('/faults', { method: 'POST', body: JSON.stringify({ on: ['ews-throttled', 'graph-throttled'] }) });
    expect(on.body.active).toEqual(['ews-throttled', 'graph-throttled']);
    expect(lab.context.faults.isOn('graph-throttled')).toBe(true);
    const off = await getJson<{ active: string[] }>('/faults', { method: 'POST', body: JSON.stringify({ off: ['ews-throttled'] }) });
    expect(off.body.active).toEqual(['graph-throttled']);
    const bad = await getJson<{ code: string; fix: string[] }>('/faults', { method: 'POST', body: JSON.stringify({ on: ['tls-broken'] }) });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('MB_UNKNOWN_FAULT');
    expect(bad.body.fix[0]).toContain('tls-self-signed');
    expect(lab.context.faults.list()).toEqual(['graph-throttled']);
    await getJson('/faults', { method: 'POST', body: JSON.stringify({ active: [] }) });
    expect(lab.context.faults.list()).toEqual([]);
  });

  it('never serves a credential', async () => {
    const texts = await Promise.all(['/state', '/stats', '/faults'].map(async (p) => (await fetch(`${lab.document.control}${p}`)).text()));
    for (const secret of [...lab.document.accounts.map((a) => a.password), lab.document.apps[0]!.clientSecret]) {
      for (const t of texts) expect(t).not.toContain(secret);
    }
  });
});

describe('network rule: loopback only', () => {
  /** Local addresses of LISTEN sockets on `port`, read from the kernel's tables (no connection made). */
  function listeningAddresses(port: number): string[] {
    const hexPort = port.toString(16).toUpperCase().padStart(4, '0');
    const out: string[] = [];
    for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
      let text = '';
      try { text = readFileSync(table, 'utf8'); } catch { continue; }
      for (const line of text.split('\n').slice(1)) {
        const cols = line.trim().split(/\s+/);
        const [addr, p] = (cols[1] ?? '').split(':');
        if (p === hexPort && cols[3] === '0A' && addr) out.push(addr);
      }
    }
    return out;
  }

  it.runIf(process.platform === 'linux')('binds every listener to 127.0.0.1 / ::1 only', () => {
    const doc = lab.document;
    const ports = [doc.ews.httpsPort, doc.ews.altHttpsPort, doc.ews.httpPort, Number(new URL(doc.graph.authorityHost).port), Number(new URL(doc.control).port)];
    const loopback = new Set(['0100007F', '00000000000000000000000001000000']);
    for (const port of ports) {
      const addresses = listeningAddresses(port);
      expect(addresses.length, `port ${port}`).toBeGreaterThan(0);
      for (const a of addresses) expect(loopback.has(a), `port ${port} listens on ${a}`).toBe(true);
    }
  });
});

describe('determinism', () => {
  it('a second lab with the same seed and anchor serves the same ids, change keys and credentials', async () => {
    const second = await startLab({ seed: 42, anchor: ANCHOR });
    const third = await startLab({ seed: 43, anchor: ANCHOR });
    try {
      const strip = (s: StateDoc): unknown => s.mailboxes.map((m) => ({ ...m, folders: m.folders.map((f) => ({ ...f })) }));
      const a = (await (await fetch(`${second.document.control}/state`)).json()) as StateDoc;
      const fresh = await startLab({ seed: 42, anchor: ANCHOR });
      try {
        const b = (await (await fetch(`${fresh.document.control}/state`)).json()) as StateDoc;
        expect(strip(b)).toEqual(strip(a));
        expect(fresh.document.accounts).toEqual(second.document.accounts);
        expect(fresh.document.apps[0]?.clientSecret).toBe(second.document.apps[0]?.clientSecret);
        expect(fresh.document.graph.tenantId).toBe(second.document.graph.tenantId);
      } finally {
        await fresh.stop();
      }
      const c = (await (await fetch(`${third.document.control}/state`)).json()) as StateDoc;
      expect(c.mailboxes[0]?.id).not.toBe(a.mailboxes[0]?.id);
      expect(third.document.accounts[0]?.password).not.toBe(second.document.accounts[0]?.password);
    } finally {
      await second.stop();
      await third.stop();
    }
  });
});

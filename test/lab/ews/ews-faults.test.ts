// One test per fault switch the EWS surface owns, each asserting the client-visible symptom
// (HTTP status, EWS ResponseCode, WWW-Authenticate schemes) through the real client where
// the symptom is an EWS one, and through node:https where it is an HTTP one.
import { readFileSync } from 'node:fs';
import https from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { FaultName } from '../../../fixtures/lab/faults.js';
import { setEwsThrottlingPolicy, DEFAULT_EWS_THROTTLING } from '../../../fixtures/lab/ews/lab-adapter.js';
import { EAS_PROTOCOL_VERSIONS } from '../../../fixtures/lab/ews/onprem-handler.js';
import { startLab, type RunningLab } from '../../../fixtures/lab/lab.js';
import { failure, runEwsClient, value, type EwsJob } from './ews-client.js';
import { basicHeader, labRequest } from './lab-https.js';

type Account = { user: string; password: string; domain: string; mailbox: string };
let lab: RunningLab;
let service: Account;
let staff: Account;
const logs: Array<{ event: string; details?: Record<string, unknown> }> = [];

beforeAll(async () => {
  lab = await startLab({ seed: 11, log: (event, details) => { logs.push({ event, details }); } });
  [service, staff] = lab.document.accounts as unknown as [Account, Account];
});
afterAll(async () => { await lab?.stop(); });
afterEach(() => { lab.context.faults.replace([]); });

const on = (name: FaultName): void => lab.context.faults.set(name, true);
const logon = (a: Account, mode: 'basic' | 'ntlm' = 'basic'): EwsJob['auth'] => ({ mode, user: `${a.domain}\\${a.user}`, password: a.password });
const run = (auth: EwsJob['auth'], steps: EwsJob['steps'], impersonate?: string) =>
  runEwsClient({ url: lab.document.ews.url, auth, steps, ...(impersonate ? { impersonate } : {}) }, lab.document.caFile);
const origin = (): string => new URL(lab.document.ews.url).origin;

describe('EWS surface fault switches', () => {
  it('ews-disabled: EWS answers HTTP 403 after a good logon', async () => {
    on('ews-disabled');
    const [r] = await run(logon(staff), [{ scenario: 'bindInbox' }]);
    expect(failure(r).httpStatus).toBe(403);
  });

  it('ews-404: the EWS virtual directory answers HTTP 404', async () => {
    on('ews-404');
    const [r] = await run(logon(staff), [{ scenario: 'bindInbox' }]);
    expect(failure(r).httpStatus).toBe(404);
  });

  it('owa-disabled: /owa/ answers 404 instead of the logon redirect', async () => {
    const normal = await labRequest(lab.document.caFile, 'GET', `${origin()}/owa/`);
    expect(normal.status).toBe(302);
    const page = await labRequest(lab.document.caFile, 'GET', String(normal.headers.location));
    expect(page.status).toBe(200);
    expect(page.body).toContain('name="password"');
    on('owa-disabled');
    expect((await labRequest(lab.document.caFile, 'GET', `${origin()}/owa/`)).status).toBe(404);
  });

  it('eas-disabled: OPTIONS /Microsoft-Server-ActiveSync answers 403 without MS-ASProtocolVersions', async () => {
    const auth = { Authorization: basicHeader(`${staff.domain}\\${staff.user}`, staff.password) };
    const url = `${origin()}/Microsoft-Server-ActiveSync`;
    expect((await labRequest(lab.document.caFile, 'OPTIONS', url)).status).toBe(401);
    const normal = await labRequest(lab.document.caFile, 'OPTIONS', url, auth);
    expect(normal.status).toBe(200);
    expect(normal.headers['ms-asprotocolversions']).toBe(EAS_PROTOCOL_VERSIONS);
    expect(String(normal.headers['ms-asprotocolcommands'])).toContain('FolderSync');
    on('eas-disabled');
    const disabled = await labRequest(lab.document.caFile, 'OPTIONS', url, auth);
    expect(disabled.status).toBe(403);
    expect(disabled.headers['ms-asprotocolversions']).toBeUndefined();
  });

  it('basic-disabled: Basic gets 401 offering only Negotiate and NTLM; NTLM still works', async () => {
    on('basic-disabled');
    const raw = await labRequest(lab.document.caFile, 'POST', lab.document.ews.url, { Authorization: basicHeader(`${staff.domain}\\${staff.user}`, staff.password) }, '<x/>');
    expect(raw.status).toBe(401);
    expect(raw.all('WWW-Authenticate')).toEqual(['Negotiate', 'NTLM']);
    const [viaBasic] = await run(logon(staff), [{ scenario: 'bindInbox' }]);
    expect(failure(viaBasic).httpStatus).toBe(401);
    const [viaNtlm] = await run(logon(staff, 'ntlm'), [{ scenario: 'bindInbox' }]);
    expect(value<{ displayName: string }>(viaNtlm).displayName).toBe('Inbox');
    // The switch is on the EWS virtual directory only; ActiveSync keeps Basic.
    const eas = await labRequest(lab.document.caFile, 'OPTIONS', `${origin()}/Microsoft-Server-ActiveSync`, { Authorization: basicHeader(`${staff.domain}\\${staff.user}`, staff.password) });
    expect(eas.status).toBe(200);
  });

  it('bad-password: the right password gets HTTP 401 over Basic and NTLM', async () => {
    on('bad-password');
    const [basic] = await run(logon(staff), [{ scenario: 'bindInbox' }]);
    expect(failure(basic).httpStatus).toBe(401);
    const [ntlm] = await run(logon(staff, 'ntlm'), [{ scenario: 'bindInbox' }]);
    expect(failure(ntlm).httpStatus).toBe(401);
  });

  it('account-locked: the right password gets the IIS 401.1 answer (plain 401 with the challenge list)', async () => {
    on('account-locked');
    const raw = await labRequest(lab.document.caFile, 'POST', lab.document.ews.url, { Authorization: basicHeader(`${service.domain}\\${service.user}`, service.password) }, '<x/>');
    expect(raw.status).toBe(401);
    expect(raw.all('WWW-Authenticate')).toEqual(['Negotiate', 'NTLM', expect.stringMatching(/^Basic realm="/)]);
    expect(raw.body).toContain('401 - Unauthorized: Access is denied due to invalid credentials.');
    const [ntlm] = await run(logon(service, 'ntlm'), [{ scenario: 'bindInbox' }]);
    expect(failure(ntlm).httpStatus).toBe(401);
    // Only the server side can tell a lockout from a wrong password (IIS logs win32 1909).
    expect(logs.some((l) => String(l.details?.detail).includes('locked out (IIS 401.1, win32 1909)'))).toBe(true);
    expect(JSON.stringify(logs)).not.toContain(service.password);
  });

  it('impersonation-denied: the service account gets ErrorImpersonateUserDenied (SOAP fault, HTTP 500)', async () => {
    const [allowed] = await run(logon(service), [{ scenario: 'bindInbox' }], staff.mailbox);
    expect(value<{ displayName: string }>(allowed).displayName).toBe('Inbox');
    on('impersonation-denied');
    const [denied] = await run(logon(service), [{ scenario: 'bindInbox' }], staff.mailbox);
    expect(failure(denied)).toMatchObject({ code: 'ErrorImpersonateUserDenied', httpStatus: 500 });
  });

  it('mailbox-not-found: ErrorNonExistentMailbox, as a SOAP fault when impersonating and per response otherwise', async () => {
    on('mailbox-not-found');
    const [impersonated] = await run(logon(service), [{ scenario: 'bindInbox' }], staff.mailbox);
    expect(failure(impersonated)).toMatchObject({ code: 'ErrorNonExistentMailbox', httpStatus: 500 });
    const [own] = await run(logon(staff), [{ scenario: 'bindInbox' }]);
    expect(failure(own)).toMatchObject({ kind: 'ServiceResponseException', code: 'ErrorNonExistentMailbox' });
  });

  it('ews-throttled: ErrorServerBusy with BackOffMilliseconds in MessageXml, counted as throttled', async () => {
    const before = lab.context.stats.snapshot().throttled.total;
    on('ews-throttled');
    const [r] = await run(logon(staff), [{ scenario: 'bindInbox' }]);
    expect(failure(r)).toMatchObject({ code: 'ErrorServerBusy', httpStatus: 500, details: { BackOffMilliseconds: 30_000 } });
    expect(lab.context.stats.snapshot().throttled.total).toBe(before + 1);
  });

  it('sync-state-invalid: a stored SyncState is refused with ErrorInvalidSyncStateData; a full resync works', async () => {
    const [first] = await run(logon(staff), [{ scenario: 'syncFolder', folder: 'inbox', pageSize: 512 }]);
    const state = value<{ syncState: string }>(first).syncState;
    on('sync-state-invalid');
    const [resumed, fresh] = await run(logon(staff), [
      { scenario: 'syncFolder', folder: 'inbox', pageSize: 512, syncState: state },
      { scenario: 'syncFolder', folder: 'inbox', pageSize: 512 },
    ]);
    expect(failure(resumed).code).toBe('ErrorInvalidSyncStateData');
    expect(value<{ pages: unknown[] }>(fresh).pages.length).toBe(1);
  });
});

describe('throttling policy (no fault switch)', () => {
  it('answers ErrorServerBusy once an account has used its request budget for the window', async () => {
    // An account that has made no request yet, so its budget window starts with this test.
    const fresh = lab.document.accounts[2] as Account;
    setEwsThrottlingPolicy(lab.context, { budget: 2, windowMs: 60_000 });
    try {
      const results = await run(logon(fresh), [{ scenario: 'bindInbox' }, { scenario: 'bindInbox' }, { scenario: 'bindInbox' }]);
      expect(results.slice(0, 2)).toEqual([expect.objectContaining({ ok: true }), expect.objectContaining({ ok: true })]);
      const busy = failure(results[2]);
      expect(busy.code).toBe('ErrorServerBusy');
      expect(busy.details?.BackOffMilliseconds).toBeGreaterThan(0);
      expect(busy.details?.BackOffMilliseconds).toBeLessThanOrEqual(60_000);
      // Budgets are per account: another account with budget left is unaffected.
      const [other] = await run(logon(lab.document.accounts[3] as Account), [{ scenario: 'bindInbox' }]);
      expect(other?.ok).toBe(true);
    } finally {
      setEwsThrottlingPolicy(lab.context, DEFAULT_EWS_THROTTLING);
    }
  });
});

describe('throttling policy: concurrency', () => {
  it('answers ErrorServerBusy while the account already has maxConcurrency requests in flight', async () => {
    const fresh = lab.document.accounts[1] as Account;
    const auth = basicHeader(`${fresh.domain}\\${fresh.user}`, fresh.password);
    const envelope = '<soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/" xmlns:m="http://schemas.microsoft.com/exchange/services/2006/messages" xmlns:t="http://schemas.microsoft.com/exchange/services/2006/types">'
      + '<soap:Header><t:RequestServerVersion Version="Exchange2016"/></soap:Header><soap:Body><m:GetFolder><m:FolderShape><t:BaseShape>IdOnly</t:BaseShape></m:FolderShape>'
      + '<m:FolderIds><t:DistinguishedFolderId Id="inbox"/></m:FolderIds></m:GetFolder></soap:Body></soap:Envelope>';
    setEwsThrottlingPolicy(lab.context, { maxConcurrency: 1 });
    try {
      // The first request sends its headers and half its body, then waits: it is in flight.
      const slow = https.request(lab.document.ews.url, { method: 'POST', ca: readFileSync(lab.document.caFile), agent: false, headers: { Authorization: auth, 'Content-Type': 'text/xml; charset=utf-8', 'Content-Length': Buffer.byteLength(envelope) } });
      const slowDone = new Promise<number>((resolve, reject) => { slow.on('response', (r) => { r.resume(); r.on('end', () => resolve(r.statusCode ?? 0)); }); slow.on('error', reject); });
      slow.write(envelope.slice(0, 100));
      await new Promise((r) => setTimeout(r, 300));
      const busy = await labRequest(lab.document.caFile, 'POST', lab.document.ews.url, { Authorization: auth, 'Content-Type': 'text/xml; charset=utf-8' }, envelope);
      expect(busy.status).toBe(500);
      expect(busy.body).toContain('<e:ResponseCode xmlns:e="http://schemas.microsoft.com/exchange/services/2006/errors">ErrorServerBusy</e:ResponseCode>');
      expect(busy.body).toMatch(/<t:Value Name="BackOffMilliseconds">\d+<\/t:Value>/);
      slow.end(envelope.slice(100));
      expect(await slowDone).toBe(200);
      // With the slot free again the next request goes through.
      expect((await labRequest(lab.document.caFile, 'POST', lab.document.ews.url, { Authorization: auth, 'Content-Type': 'text/xml; charset=utf-8' }, envelope)).status).toBe(200);
    } finally {
      setEwsThrottlingPolicy(lab.context, DEFAULT_EWS_THROTTLING);
    }
  });
});

describe('autodiscover', () => {
  const request = (email: string): string => '<?xml version="1.0" encoding="utf-8"?><Autodiscover xmlns="http://schemas.microsoft.com/exchange/autodiscover/outlook/requestschema/2006">'
    + `<Request><EMailAddress>${email}</EMailAddress><AcceptableResponseSchema>http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a</AcceptableResponseSchema></Request></Autodiscover>`;

  it('answers POX autodiscover with the EWS URL for a lab mailbox and error 500 for an unknown one', async () => {
    const auth = { Authorization: basicHeader(`${staff.domain}\\${staff.user}`, staff.password), 'Content-Type': 'text/xml' };
    const found = await labRequest(lab.document.caFile, 'POST', lab.document.ews.autodiscoverUrl, auth, request(staff.mailbox));
    expect(found.status).toBe(200);
    expect(found.body).toContain(`<EwsUrl>${lab.document.ews.url}</EwsUrl>`);
    expect(found.body).toContain(`<AutoDiscoverSMTPAddress>${staff.mailbox}</AutoDiscoverSMTPAddress>`);
    const unknown = await labRequest(lab.document.caFile, 'POST', lab.document.ews.autodiscoverUrl, auth, request('nobody@lab.mailbridge.test'));
    expect(unknown.body).toContain('<ErrorCode>500</ErrorCode>');
    expect((await labRequest(lab.document.caFile, 'POST', lab.document.ews.autodiscoverUrl, {}, request(staff.mailbox))).status).toBe(401);
  });
});

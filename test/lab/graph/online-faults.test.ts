/**
 * Every fault switch of the online surface, with the symptom the real client libraries
 * show (#3): the exact AADSTS code and OAuth error from msal-node, the HTTP status and
 * Graph error code from the Graph client. Plus the per-mailbox request budget (429 +
 * Retry-After) and a Graph-side mailbox-not-found.
 */
import https from 'node:https';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../../fixtures/lab/lab.js';
import type { FaultName } from '../../../fixtures/lab/faults.js';
import { graphSurface } from '../../../fixtures/lab/graph/graph-handler.js';
import { EXCHANGE_ONLINE_LIMITS } from '../../../fixtures/lab/graph/mailbox-throttle.js';
import type { Mailbox } from '../../../fixtures/lab/model/types.js';
import { ClientDriver, labApp, type DriverApp, type DriverError } from './client-driver.js';

let lab: RunningLab;
let driver: ClientDriver;
let app: DriverApp;
let user: Mailbox;

/** GET with the lab CA trusted for this one request (verification stays on). */
function getJson(url: string): Promise<{ status: number; body: Record<string, unknown> }> {
  return new Promise((resolve, reject) => {
    https.get(url, { ca: lab.context.tls.caPem }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
    }).on('error', reject);
  });
}

function withFault(name: FaultName): void {
  lab.context.faults.set(name, true);
}

beforeAll(async () => {
  lab = await startLab();
  driver = new ClientDriver(lab.context.tls.caFile);
  app = labApp(lab);
  user = lab.context.data.userMailboxes[0] as Mailbox;
});

afterEach(() => {
  lab.context.faults.replace([]);
  graphSurface(lab.context).throttle.setLimits(EXCHANGE_ONLINE_LIMITS);
  graphSurface(lab.context).serviceTimeMs = 0;
  graphSurface(lab.context).throttledRetryAfterSeconds = 2;
});

afterAll(async () => {
  await driver?.stop();
  await lab?.stop();
});

function expectAadsts(error: DriverError, code: number, oauthError: string): void {
  expect(error.kind).toBe('msal');
  expect(error.errorCode).toBe(oauthError);
  expect(String(error.errorNo)).toBe(String(code));
  expect(error.message).toContain(`AADSTS${code}:`);
  expect(error.message).toMatch(/Trace ID: [0-9a-f-]{36}/);
}

describe('Entra faults, as msal-node reports them', () => {
  it('entra-bad-secret → 401 invalid_client AADSTS7000215', async () => {
    withFault('entra-bad-secret');
    expectAadsts(await driver.expectError('token', { app }), 7000215, 'invalid_client');
    // A wrong secret without the fault gives the same answer.
    lab.context.faults.set('entra-bad-secret', false);
    expectAadsts(await driver.expectError('token', { app: { ...app, clientSecret: 'not-the-secret' } }), 7000215, 'invalid_client');
  });

  it('entra-expired-secret → 401 invalid_client AADSTS7000222', async () => {
    withFault('entra-expired-secret');
    expectAadsts(await driver.expectError('token', { app }), 7000222, 'invalid_client');
  });

  it('entra-app-not-found → 400 unauthorized_client AADSTS700016', async () => {
    withFault('entra-app-not-found');
    const error = await driver.expectError('token', { app });
    expectAadsts(error, 700016, 'unauthorized_client');
    expect(error.message).toContain(`Application with identifier '${app.clientId}' was not found`);
  });

  it('entra-tenant-not-found → AADSTS90002 on discovery and token endpoint', async () => {
    const metadataUrl = `${lab.context.urls.authorityHost}/${lab.context.tenantId}/v2.0/.well-known/openid-configuration`;
    const metadata = await getJson(metadataUrl);
    expect(metadata.status).toBe(200);
    withFault('entra-tenant-not-found');
    // The discovery document itself answers 400 invalid_tenant AADSTS90002 …
    const refused = await getJson(metadataUrl);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_tenant', error_codes: [90002] });
    expect(String(refused.body.error_description)).toMatch(/^AADSTS90002: Tenant '[^']+' not found/);
    // … which msal-node, resolving endpoints first, reports as an endpoint resolution error;
    const discovery = await driver.expectError('token', { app });
    expect(discovery).toMatchObject({ kind: 'msal', errorCode: 'endpoints_resolution_error' });
    // with the metadata supplied up front, the token endpoint's AADSTS90002 comes through.
    expectAadsts(await driver.expectError('token', { app: { ...app, authorityMetadata: metadata.body } }), 90002, 'invalid_tenant');
  });
});

describe('Graph faults, as the Graph client reports them', () => {
  const messages = (): string => `/users/${user.id}/mailFolders/inbox/messages`;

  it('graph-missing-permission → token without mail roles, 403 ErrorAccessDenied', async () => {
    withFault('graph-missing-permission');
    const { claims } = await driver.expectOk<{ claims: { roles: string[] } }>('token', { app });
    expect(claims.roles).toContain('User.Read.All');
    expect(claims.roles).not.toContain('Mail.ReadWrite');
    const error = await driver.expectError('get', { app, path: messages() });
    expect(error).toMatchObject({ kind: 'graph', statusCode: 403, code: 'ErrorAccessDenied', message: 'Access is denied. Check credentials and try again.' });
    expect(error.requestId).toMatch(/^[0-9a-f-]{36}$/);
    // Directory reads are still granted.
    await driver.expectOk('get', { app, path: '/users' });
  });

  it('graph-access-policy → 403 ErrorAccessDenied naming the AppOnly access policy', async () => {
    withFault('graph-access-policy');
    const error = await driver.expectError('get', { app, path: messages() });
    expect(error).toMatchObject({ statusCode: 403, code: 'ErrorAccessDenied' });
    expect(error.message).toContain('Blocked by tenant configured AppOnly AccessPolicy settings');
  });

  it('graph-mailbox-not-rest-enabled → 404 MailboxNotEnabledForRESTAPI', async () => {
    withFault('graph-mailbox-not-rest-enabled');
    const error = await driver.expectError('get', { app, path: messages() });
    expect(error).toMatchObject({ statusCode: 404, code: 'MailboxNotEnabledForRESTAPI' });
  });

  it('graph-throttled → 429 ApplicationThrottled with Retry-After', async () => {
    withFault('graph-throttled');
    const before = lab.context.stats.snapshot().throttled.total;
    const error = await driver.expectError('get', { app, path: messages(), retries: false });
    expect(error).toMatchObject({ statusCode: 429, code: 'ApplicationThrottled' });
    expect(Number(error.headers?.['retry-after'])).toBeGreaterThan(0);
    expect(lab.context.stats.snapshot().throttled.total).toBe(before + 1);
  });

  it('graph-throttled with the client\'s default retries: it waits Retry-After and succeeds once the fault clears', async () => {
    graphSurface(lab.context).throttledRetryAfterSeconds = 1;
    withFault('graph-throttled');
    const before = lab.context.stats.snapshot().throttled.total;
    const pending = driver.call('get', { app, path: messages() });
    while (lab.context.stats.snapshot().throttled.total === before) await new Promise((r) => setTimeout(r, 20));
    const throttledAt = Date.now();
    lab.context.faults.set('graph-throttled', false);
    const answer = await pending;
    expect(answer.ok).toBe(true);
    // The RetryHandler slept for the Retry-After second before trying again.
    expect(Date.now() - throttledAt).toBeGreaterThanOrEqual(900);
  });

  it('graph-delta-expired → 410 SyncStateNotFound on the stored deltaLink; a fresh round recovers', async () => {
    const path = `/users/${user.id}/mailFolders/inbox/messages/delta`;
    const first = await driver.expectOk<{ deltaLink: string }>('deltaRound', { app, path });
    withFault('graph-delta-expired');
    const error = await driver.expectError('deltaRound', { app, deltaLink: first.deltaLink });
    expect(error).toMatchObject({ statusCode: 410, code: 'SyncStateNotFound' });
    expect(error.message).toMatch(/^The sync state generation is not found; generation=\d+;\[highest=\d+\]/);
    lab.context.faults.set('graph-delta-expired', false);
    const fresh = await driver.expectOk<{ items: unknown[] }>('deltaRound', { app, path });
    expect(fresh.items.length).toBeGreaterThan(0);
  });

  it('mailbox-not-found (Graph side) → 404 ErrorInvalidUser', async () => {
    withFault('mailbox-not-found');
    const error = await driver.expectError('get', { app, path: messages() });
    expect(error).toMatchObject({ statusCode: 404, code: 'ErrorInvalidUser' });
    const directory = await driver.expectError('get', { app, path: `/users/${user.userPrincipalName}` });
    expect(directory).toMatchObject({ statusCode: 404, code: 'Request_ResourceNotFound' });
  });
});

describe('per-mailbox throttling', () => {
  it('answers 429 with Retry-After once the request budget of the window is used up', async () => {
    graphSurface(lab.context).throttle.setLimits({ budget: 3, windowMs: 60_000 });
    const other = lab.context.data.userMailboxes[1] as Mailbox;
    for (let i = 0; i < 3; i++) await driver.expectOk('get', { app, path: `/users/${other.id}/mailFolders`, retries: false });
    const error = await driver.expectError('get', { app, path: `/users/${other.id}/mailFolders`, retries: false });
    expect(error).toMatchObject({ statusCode: 429, code: 'ApplicationThrottled' });
    const retryAfter = Number(error.headers?.['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(60);
    // Per mailbox: a mailbox not used yet in this window still has its own budget.
    const third = lab.context.data.userMailboxes[2] as Mailbox;
    await driver.expectOk('get', { app, path: `/users/${third.id}/mailFolders`, retries: false });
    expect(lab.context.stats.snapshot().throttled.byMailbox[other.primarySmtp.toLowerCase()]).toBeGreaterThanOrEqual(1);
  });

  it('answers 429 MailboxConcurrency to the fifth request in flight for one mailbox', async () => {
    // Each request holds its slot for a while, as Exchange's processing time would.
    graphSurface(lab.context).serviceTimeMs = 2000;
    const target = lab.context.data.sharedMailboxes[0] as Mailbox;
    type Answer = { ok: true; result: unknown } | { ok: false; error: DriverError };
    const answers = await driver.expectOk<Answer[]>('getMany', { app, path: `/users/${target.id}/mailFolders`, count: 6, retries: false });
    const refused = answers.flatMap((a) => (a.ok ? [] : [a.error]));
    expect(answers.filter((a) => a.ok)).toHaveLength(4);
    expect(refused).toHaveLength(2);
    for (const error of refused) {
      expect(error).toMatchObject({ statusCode: 429, code: 'ApplicationThrottled', message: 'Application is over its MailboxConcurrency limit.' });
      expect(error.headers?.['retry-after']).toBe('1');
    }
  });
});

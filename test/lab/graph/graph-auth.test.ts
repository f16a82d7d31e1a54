/**
 * How the lab's Graph surface treats the bearer token (#3): missing, malformed, expired,
 * signed by another key, issued for another audience — each the 401
 * InvalidAuthenticationToken Graph answers, with WWW-Authenticate; and a token for the lab's
 * own Graph origin (a connector that derives its scope from a configurable Graph endpoint)
 * accepted. Raw HTTPS with the lab CA trusted per request, since the Graph client always
 * sends a good token.
 */
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tenantSigner } from '../../../fixtures/lab/entra/tenant-signer.js';
import { LabTokenSigner } from '../../../fixtures/lab/entra/token-signer.js';
import { startLab, type RunningLab } from '../../../fixtures/lab/lab.js';
import type { Mailbox } from '../../../fixtures/lab/model/types.js';
import { ClientDriver, labApp } from './client-driver.js';

let lab: RunningLab;
let user: Mailbox;

interface Answer { status: number; headers: Record<string, string | string[] | undefined>; body: Record<string, unknown> }

function get(path: string, token: string | null): Promise<Answer> {
  const url = `${lab.context.urls.graphBaseUrl}${path}`;
  return new Promise((resolve, reject) => {
    https.get(url, { ca: lab.context.tls.caPem, headers: token === null ? {} : { authorization: `Bearer ${token}` } }, (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> }));
    }).on('error', reject);
  });
}

async function mint(signer: LabTokenSigner, overrides: { audience?: string; lifetimeSeconds?: number; now?: Date } = {}): Promise<string> {
  const app = lab.context.apps[0];
  const { token } = await signer.mint({
    audience: overrides.audience ?? 'https://graph.microsoft.com', tenantId: lab.context.tenantId, appId: app?.clientId ?? '',
    appDisplayName: 'test', servicePrincipalId: '00000000-0000-4000-a000-000000000001', roles: ['Mail.Read', 'User.Read.All'],
    credential: 'secret', ...(overrides.lifetimeSeconds ? { lifetimeSeconds: overrides.lifetimeSeconds } : {}), ...(overrides.now ? { now: overrides.now } : {}),
  });
  return token;
}

function expect401(answer: Answer, message: RegExp): void {
  expect(answer.status).toBe(401);
  expect(answer.headers['www-authenticate']).toMatch(/^Bearer realm=""/);
  const error = answer.body.error as Record<string, unknown>;
  expect(error.code).toBe('InvalidAuthenticationToken');
  expect(String(error.message)).toMatch(message);
  expect((error.innerError as Record<string, unknown>)['request-id']).toBe(answer.headers['request-id']);
}

beforeAll(async () => {
  lab = await startLab();
  user = lab.context.data.userMailboxes[0] as Mailbox;
});

afterAll(async () => {
  await lab?.stop();
});

describe('Graph bearer token checks', () => {
  const path = (): string => `/users/${user.id}/mailFolders`;

  it('accepts a lab token and refuses a missing one', async () => {
    expect((await get(path(), await mint(await tenantSigner(lab.context)))).status).toBe(200);
    expect401(await get(path(), null), /^Access token is empty\.$/);
  });

  it('refuses a malformed, an expired, a foreign-signed and a wrong-audience token', async () => {
    const signer = await tenantSigner(lab.context);
    expect401(await get(path(), 'not-a-jwt'), /^IDX14100: JWT is not well formed/);
    const hourAgo = new Date(Date.now() - 3_600_000);
    expect401(await get(path(), await mint(signer, { now: hourAgo, lifetimeSeconds: 600 })), /^Lifetime validation failed, the token is expired\.$/);
    expect401(await get(path(), await mint(await LabTokenSigner.create())), /^Access token validation failure\.$/);
    expect401(await get(path(), await mint(signer, { audience: 'https://outlook.office365.com' })), /Invalid audience/);
  });

  it('refuses a $batch envelope without a token as a whole', async () => {
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = https.request(`${lab.context.urls.graphBaseUrl}/$batch`, {
        method: 'POST', ca: lab.context.tls.caPem, headers: { 'content-type': 'application/json' },
      }, (res) => {
        let text = '';
        res.on('data', (chunk: Buffer) => { text += chunk.toString(); });
        res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: JSON.parse(text) as Record<string, unknown> }));
      });
      req.on('error', reject);
      req.end(JSON.stringify({ requests: [{ id: '1', method: 'GET', url: '/users' }] }));
    });
    expect401(answer, /^Access token is empty\.$/);
  });

  it('answers /me with the app-only BadRequest and unknown segments as Graph does', async () => {
    const token = await mint(await tenantSigner(lab.context));
    const me = await get('/me/messages', token);
    expect(me.status).toBe(400);
    expect(me.body.error).toMatchObject({ code: 'BadRequest', message: '/me request is only valid with delegated authentication flow.' });
    const unknown = await get(`/users/${user.id}/notAThing`, token);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error).toMatchObject({ code: 'BadRequest', message: "Resource not found for the segment 'notAThing'." });
  });
});

describe('scope for the lab Graph origin', () => {
  it('msal-node gets a token for `<lab origin>/.default` and the Graph client uses it', async () => {
    const driver = new ClientDriver(lab.context.tls.caFile);
    try {
      const app = { ...labApp(lab), scope: `${lab.context.urls.onlineOrigin}/.default` };
      const { claims } = await driver.expectOk<{ claims: Record<string, unknown> }>('token', { app });
      expect(claims.aud).toBe(lab.context.urls.onlineOrigin);
      const folders = await driver.expectOk<{ value: unknown[] }>('get', { app, path: `/users/${user.id}/mailFolders` });
      expect(folders.value.length).toBeGreaterThan(0);
    } finally {
      await driver.stop();
    }
  });
});

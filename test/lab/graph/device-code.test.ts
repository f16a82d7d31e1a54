// The lab's device authorization grant and refresh tokens on the wire, as Entra answers them
// (O365-2, O365-5; issue #3): devicecode fields, authorization_pending (AADSTS70016),
// slow_down, authorization_declined, expired_token (AADSTS70020), a reused code (AADSTS70000),
// delegated tokens with scp/oid/upn, the refresh_token grant, revoked (AADSTS50173) and
// inactive (AADSTS700082) refresh tokens, and Graph accepting a delegated token for /me and
// the user's own mailbox only.
import https from 'node:https';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { sendHttpRequest } from '../../../agent/connectors/transport/https-request.js';
import { RoundTripCounter } from '../../../agent/connectors/transport/round-trip-counter.js';
import { delegatedSessions } from '../../../fixtures/lab/entra/delegated-sessions.js';
import { startLab, type RunningLab } from '../../../fixtures/lab/lab.js';

let lab: RunningLab;
let agent: https.Agent;
const counter = new RoundTripCounter();
const DEVICE_GRANT = 'urn:ietf:params:oauth:grant-type:device_code';

async function post(path: string, form: Record<string, string>): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await sendHttpRequest(agent, {
    method: 'POST', url: `${lab.document.graph.authorityHost}/${lab.document.graph.tenantId}${path}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: new URLSearchParams(form).toString(),
  }, counter);
  return { status: res.status, body: JSON.parse(res.body.toString('utf8')) as Record<string, unknown> };
}

async function graphGet(path: string, token: string): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await sendHttpRequest(agent, { method: 'GET', url: `${lab.document.graph.baseUrl}${path}`, headers: { authorization: `Bearer ${token}` } }, counter);
  return { status: res.status, body: JSON.parse(res.body.toString('utf8')) as Record<string, unknown> };
}

async function control(path: string, body: unknown): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`${lab.document.control}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: (await res.json()) as Record<string, unknown> };
}

function clientId(): string {
  return lab.document.apps[0]!.clientId;
}

const SCOPE = () => `${new URL(lab.document.graph.baseUrl).origin}/Mail.ReadWrite ${new URL(lab.document.graph.baseUrl).origin}/User.Read openid profile offline_access`;

async function deviceCode(): Promise<Record<string, unknown>> {
  const answer = await post('/oauth2/v2.0/devicecode', { client_id: clientId(), scope: SCOPE() });
  expect(answer.status).toBe(200);
  return answer.body;
}

async function signIn(user: string): Promise<Record<string, unknown>> {
  const code = await deviceCode();
  expect((await control('/device-codes/approve', { userCode: code.user_code, user })).status).toBe(200);
  const answer = await post('/oauth2/v2.0/token', { grant_type: DEVICE_GRANT, client_id: clientId(), device_code: code.device_code as string });
  expect(answer.status).toBe(200);
  return answer.body;
}

beforeAll(async () => {
  lab = await startLab({ seed: 5 });
  agent = new https.Agent({ ca: [lab.certificates.caPem], keepAlive: true });
  delegatedSessions(lab.context).pollIntervalSeconds = 1;
});
afterAll(async () => {
  agent.destroy();
  await lab.stop();
});

describe('lab device code flow (O365-2)', () => {
  it('devicecode answers user_code, device_code, verification_uri, expires_in, interval and message', async () => {
    const body = await deviceCode();
    expect(body.user_code).toMatch(/^[A-Z0-9]{9}$/);
    expect(typeof body.device_code).toBe('string');
    expect(body.verification_uri).toBe(`${lab.document.graph.authorityHost}/devicelogin`);
    expect(body.expires_in).toBe(900);
    expect(body.interval).toBe(1);
    expect(body.message).toBe(`To sign in, use a web browser to open the page ${lab.document.graph.authorityHost}/devicelogin and enter the code ${String(body.user_code)} to authenticate.`);
    const meta = await sendHttpRequest(agent, { method: 'GET', url: `${lab.document.graph.authorityHost}/${lab.document.graph.tenantId}/v2.0/.well-known/openid-configuration`, headers: {} }, counter);
    expect((JSON.parse(meta.body.toString('utf8')) as { device_authorization_endpoint: string }).device_authorization_endpoint).toMatch(/\/oauth2\/v2\.0\/devicecode$/);
  });

  it('polling before approval: authorization_pending AADSTS70016, slow_down when polled within half the interval', async () => {
    const code = await deviceCode();
    const form = { grant_type: DEVICE_GRANT, client_id: clientId(), device_code: code.device_code as string };
    const first = await post('/oauth2/v2.0/token', form);
    expect(first.status).toBe(400);
    expect(first.body.error).toBe('authorization_pending');
    expect(first.body.error_codes).toEqual([70016]);
    expect(String(first.body.error_description)).toMatch(/^AADSTS70016: OAuth 2.0 device flow error\. Authorization is pending\. Continue polling\.\r\nTrace ID: /);
    const second = await post('/oauth2/v2.0/token', form);
    expect(second.body.error).toBe('slow_down');
  });

  it('approved through the control endpoint: a delegated token (scp, oid, upn, no roles), id_token, client_info and refresh token; the code is single use', async () => {
    const user = lab.document.mailboxes[0]!;
    const code = await deviceCode();
    const listed = await fetch(`${lab.document.control}/device-codes`).then((r) => r.json()) as { pending: Array<{ userCode: string }> };
    expect(listed.pending.map((p) => p.userCode)).toContain(code.user_code);
    expect(JSON.stringify(listed)).not.toContain(code.device_code as string);
    expect((await control('/device-codes/approve', { userCode: code.user_code, user })).body.user).toBe(user);
    const form = { grant_type: DEVICE_GRANT, client_id: clientId(), device_code: code.device_code as string };
    const answer = await post('/oauth2/v2.0/token', form);
    expect(answer.status).toBe(200);
    const claims = decodeJwt(answer.body.access_token as string);
    expect(claims.scp).toBe('Mail.ReadWrite User.Read');
    expect(claims.roles).toBeUndefined();
    expect(claims.upn).toBe(user);
    expect(claims.idtyp).toBe('user');
    expect(typeof answer.body.refresh_token).toBe('string');
    expect(decodeJwt(answer.body.id_token as string).preferred_username).toBe(user);
    expect(JSON.parse(Buffer.from(answer.body.client_info as string, 'base64url').toString('utf8'))).toEqual({ uid: claims.oid, utid: lab.document.graph.tenantId });
    const reused = await post('/oauth2/v2.0/token', form);
    expect(reused.body.error).toBe('invalid_grant');
    expect(reused.body.error_codes).toEqual([70000]);
  });

  it('declined → authorization_declined; expired → expired_token AADSTS70020', async () => {
    const declined = await deviceCode();
    expect((await control('/device-codes/decline', { userCode: declined.user_code })).status).toBe(200);
    const d = await post('/oauth2/v2.0/token', { grant_type: DEVICE_GRANT, client_id: clientId(), device_code: declined.device_code as string });
    expect(d.body.error).toBe('authorization_declined');
    const sessions = delegatedSessions(lab.context);
    sessions.deviceCodeLifetimeSeconds = 0;
    const expired = await deviceCode();
    sessions.deviceCodeLifetimeSeconds = 900;
    const e = await post('/oauth2/v2.0/token', { grant_type: DEVICE_GRANT, client_id: clientId(), device_code: expired.device_code as string });
    expect(e.body.error).toBe('expired_token');
    expect(String(e.body.error_description)).toMatch(/^AADSTS70020: The provided value for the input parameter 'device_code' is not valid\. This device code has expired\./);
  });

  it('refresh_token grant renews; revoke-sessions → AADSTS50173, expire-refresh-tokens → AADSTS700082 (O365-5)', async () => {
    const [a, b] = [lab.document.mailboxes[0]!, lab.document.mailboxes[1]!];
    const first = await signIn(a);
    const refreshed = await post('/oauth2/v2.0/token', { grant_type: 'refresh_token', client_id: clientId(), refresh_token: first.refresh_token as string, scope: SCOPE() });
    expect(refreshed.status).toBe(200);
    expect(decodeJwt(refreshed.body.access_token as string).upn).toBe(a);
    await new Promise((r) => setTimeout(r, 5));
    expect((await control('/users/revoke-sessions', { user: a })).status).toBe(200);
    const revoked = await post('/oauth2/v2.0/token', { grant_type: 'refresh_token', client_id: clientId(), refresh_token: refreshed.body.refresh_token as string });
    expect(revoked.status).toBe(400);
    expect(revoked.body.error).toBe('invalid_grant');
    expect(revoked.body.error_codes).toEqual([50173]);
    expect(String(revoked.body.error_description)).toMatch(/^AADSTS50173: The provided grant has expired due to it being revoked, a fresh auth token is needed\. The user might have changed or reset their password\. The grant was issued on '\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{7}Z' and the TokensValidFrom date/);
    const other = await signIn(b);
    expect((await control('/users/expire-refresh-tokens', { user: b })).body.refreshTokens).toBe(1);
    const inactive = await post('/oauth2/v2.0/token', { grant_type: 'refresh_token', client_id: clientId(), refresh_token: other.refresh_token as string });
    expect(inactive.body.error_codes).toEqual([700082]);
    expect(String(inactive.body.error_description)).toMatch(/^AADSTS700082: The refresh token has expired due to inactivity\./);
  });

  it('Graph: a delegated token reads /me and its own mailbox; another user\'s mailbox → 403 ErrorAccessDenied; an app token on /me → 400', async () => {
    const [a, b] = [lab.document.mailboxes[0]!, lab.document.mailboxes[1]!];
    const tokens = await signIn(a);
    const token = tokens.access_token as string;
    const me = await graphGet('/me/mailFolders', token);
    expect(me.status).toBe(200);
    expect((me.body.value as Array<{ displayName: string }>).map((f) => f.displayName)).toContain('Inbox');
    expect((await graphGet(`/users/${a}/mailFolders`, token)).status).toBe(200);
    const denied = await graphGet(`/users/${b}/mailFolders`, token);
    expect(denied.status).toBe(403);
    expect((denied.body.error as { code: string }).code).toBe('ErrorAccessDenied');
    const app = lab.document.apps[0]!;
    const appToken = await post('/oauth2/v2.0/token', { grant_type: 'client_credentials', client_id: app.clientId, client_secret: app.clientSecret, scope: 'https://graph.microsoft.com/.default' });
    const meApp = await graphGet('/me/mailFolders', appToken.body.access_token as string);
    expect(meApp.status).toBe(400);
    expect((meApp.body.error as { message: string }).message).toBe('/me request is only valid with delegated authentication flow.');
  });
});

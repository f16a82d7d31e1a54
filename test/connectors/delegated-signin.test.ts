// Delegated sign-in of the per-user Microsoft 365 connection with the real msal-node against
// the lab (O365-2, O365-5; issue #7): device code → pending → approved through the lab's
// control endpoint → token with scp for that user → the Graph connector reads the user's own
// mailbox; user A's token cannot read user B's mailbox; after a restart the token comes
// silently from the refresh token in the secret store; a revoked or inactive refresh token
// gives ReauthenticationRequiredError with the O365-5 sentence; the serialized cache (refresh
// token) never appears in the profile file, the vault file, the lab log or the error.
// Trust comes from the profile's tls.caFile only (startConnectorLab checks NODE_EXTRA_CA_CERTS).
import { mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt } from 'jose';
import { REAUTH_MESSAGE, ReauthenticationRequiredError } from '../../agent/auth/reauthentication-required-error.js';
import { tokenCacheField } from '../../agent/auth/secret-store-token-cache.js';
import { createConnector } from '../../agent/connectors/create-connector.js';
import { openDelegatedConnection, signInDelegatedUser } from '../../agent/connectors/graph/delegated-connection.js';
import type { DeviceCodePrompt } from '../../agent/connectors/graph/delegated-token-source.js';
import { sendHttpRequest } from '../../agent/connectors/transport/https-request.js';
import type { SecretStore } from '../../agent/secrets/secret-store.js';
import { openVaultSecretStore } from '../../agent/secrets/vault/vault-secret-store.js';
import { delegatedSessions } from '../../fixtures/lab/entra/delegated-sessions.js';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { profileSchema, type OnlineProfile } from '../../src/profiles/profile-schema.js';

let lab: RunningLab;
let stateDir: string;
let secrets: SecretStore;
let profile: OnlineProfile;
let userA: string;
let userB: string;
const labLog: string[] = [];

async function control(route: string, body: unknown): Promise<Record<string, unknown>> {
  const res = await fetch(`${lab.document.control}${route}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

/** Plays the user: waits until MSAL has polled (pending) at least once, then approves the code. */
async function approveLater(prompt: DeviceCodePrompt, user: string, prompts: DeviceCodePrompt[]): Promise<void> {
  prompts.push(prompt);
  await new Promise((r) => setTimeout(r, 1300));
  await control('/device-codes/approve', { userCode: prompt.userCode, user });
}

async function signIn(user: string): Promise<DeviceCodePrompt[]> {
  const prompts: DeviceCodePrompt[] = [];
  const approvals: Array<Promise<void>> = [];
  const before = lab.context.stats.snapshot().requests.byOperation['entra:token'] ?? 0;
  const result = await signInDelegatedUser(profile, secrets, user, (p) => { approvals.push(approveLater(p, user, prompts)); }, { timeoutSeconds: 60 });
  await Promise.all(approvals);
  expect(result.username).toBe(user);
  // At least one authorization_pending poll before the approval, then the redeeming poll.
  expect((lab.context.stats.snapshot().requests.byOperation['entra:token'] ?? 0) - before).toBeGreaterThanOrEqual(2);
  return prompts;
}

async function refreshTokensInCache(): Promise<string[]> {
  const serialized = await secrets.get({ profile: profile.name, field: tokenCacheField(userA) });
  expect(serialized).toBeDefined();
  const cache = JSON.parse(serialized as string) as { RefreshToken: Record<string, { secret: string }> };
  return Object.values(cache.RefreshToken).map((t) => t.secret);
}

beforeAll(async () => {
  lab = await startLab({ seed: 13, log: (event, details) => labLog.push(`${event} ${JSON.stringify(details ?? {})}`) });
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (extra) expect(await readFile(extra, 'utf8').catch(() => '')).not.toContain(lab.certificates.caPem.trim());
  delegatedSessions(lab.context).pollIntervalSeconds = 1;
  // Access tokens under MSAL's 5-minute renewal margin: every silent call goes to the refresh
  // token, so a revoked refresh token shows on the next connector call, not an hour later.
  delegatedSessions(lab.context).accessTokenLifetimeSeconds = 120;
  stateDir = await mkdtemp(path.join(tmpdir(), 'mb-delegated-'));
  secrets = await openVaultSecretStore({ stateDir, env: {} });
  const entry = lab.document.profiles.find((p) => p.name === 'lab-online');
  const online = profileSchema.parse(JSON.parse(await readFile(entry!.file, 'utf8'))) as OnlineProfile;
  profile = { ...online, credentials: { kind: 'delegated' } };
  [userA, userB] = [lab.document.mailboxes[0]!, lab.document.mailboxes[1]!];
});
afterAll(async () => {
  await secrets.close();
  await lab.stop();
  await rm(stateDir, { recursive: true, force: true });
});

describe('delegated sign-in with msal-node (O365-2)', () => {
  it('device code shown through the callback; approved as user A; the Graph connector reads A\'s own mailbox', async () => {
    const prompts = await signIn(userA);
    expect(prompts).toHaveLength(1);
    expect(prompts[0]!.message).toContain(prompts[0]!.userCode);
    expect(prompts[0]!.verificationUri).toBe(`${lab.document.graph.authorityHost}/devicelogin`);
    const connector = await createConnector(profile, secrets, { delegatedUser: userA });
    try {
      const mailboxes = await connector.discoverMailboxes();
      const own = mailboxes.find((m) => m.address.toLowerCase() === userA.toLowerCase());
      expect(own).toBeDefined();
      expect(mailboxes.filter((m) => m.role === 'staff')).toHaveLength(1);
      const folders = await connector.listFolders(own!.address);
      expect(folders.map((f) => f.displayName)).toContain('Inbox');
    } finally {
      await connector.close();
    }
  });

  it('A\'s token carries scp and A\'s upn, reads /me/mailFolders, and is refused B\'s mailbox (403 ErrorAccessDenied)', async () => {
    const conn = await openDelegatedConnection(profile, secrets, userA);
    try {
      const token = await conn.tokens.token();
      const claims = decodeJwt(token);
      expect(String(claims.scp).split(' ')).toEqual(expect.arrayContaining(['Mail.ReadWrite', 'User.Read']));
      expect(claims.roles).toBeUndefined();
      expect(claims.upn).toBe(userA);
      const get = async (p: string) => sendHttpRequest(conn.agent, { method: 'GET', url: `${lab.document.graph.baseUrl}${p}`, headers: { authorization: `Bearer ${token}` } }, conn.counter);
      expect((await get('/me/mailFolders')).status).toBe(200);
      const denied = await get(`/users/${userB}/mailFolders`);
      expect(denied.status).toBe(403);
      expect((JSON.parse(denied.body.toString('utf8')) as { error: { code: string } }).error.code).toBe('ErrorAccessDenied');
    } finally {
      conn.close();
    }
  });

  it('To Do tasks keep the local id in a linkedResource: findByLocalId finds the task; the lab filters and expands linkedResources', async () => {
    const connector = await createConnector(profile, secrets, { delegatedUser: userA });
    const conn = await openDelegatedConnection(profile, secrets, userA);
    try {
      const created = await connector.createItem(userA, 'task', { subject: 'Call the supplier', status: 'notStarted' }, 'psa-task-41');
      await connector.createItem(userA, 'task', { subject: 'Another task', status: 'notStarted' }, 'psa-task-42');
      const found = await connector.findByLocalId(userA, 'task', 'psa-task-41');
      expect(found?.id).toBe(created.id);
      expect(await connector.findByLocalId(userA, 'task', 'psa-task-none')).toBeNull();
      // On the wire: the lambda filter selects exactly that task and $expand returns its linkedResources.
      const token = await conn.tokens.token();
      const get = async (p: string) => sendHttpRequest(conn.agent, { method: 'GET', url: `${lab.document.graph.baseUrl}${p}`, headers: { authorization: `Bearer ${token}` } }, conn.counter);
      const lists = JSON.parse((await get('/me/todo/lists')).body.toString('utf8')) as { value: Array<{ id: string; wellknownListName?: string }> };
      const filter = encodeURIComponent("linkedResources/any(r: r/applicationName eq 'mailbridge' and r/externalId eq 'psa-task-41')");
      let hits: Array<{ id: string; linkedResources?: Array<{ externalId: string }> }> = [];
      for (const list of lists.value) {
        const res = await get(`/me/todo/lists/${list.id}/tasks?$filter=${filter}&$expand=linkedResources`);
        expect(res.status).toBe(200);
        hits = hits.concat((JSON.parse(res.body.toString('utf8')) as { value: typeof hits }).value);
      }
      expect(hits.map((h) => h.id)).toEqual([created.id]);
      expect(hits[0]!.linkedResources?.map((r) => r.externalId)).toEqual(['psa-task-41']);
      const bad = await get(`/me/todo/lists/${lists.value[0]!.id}/tasks?$filter=${encodeURIComponent("title eq 'x'")}`);
      expect((JSON.parse(bad.body.toString('utf8')) as { error: { code: string } }).error.code).toBe('ErrorInvalidUrlQueryFilter');
    } finally {
      conn.close();
      await connector.close();
    }
  });

  it('after a restart the token is renewed silently from the refresh token read back from the secret store', async () => {
    await secrets.close();
    secrets = await openVaultSecretStore({ stateDir, env: {} });
    const refreshesBefore = labLog.length;
    const conn = await openDelegatedConnection(profile, secrets, userA);
    try {
      const token = await conn.tokens.tokenForceRefresh();
      expect(decodeJwt(token).upn).toBe(userA);
    } finally {
      conn.close();
    }
    // No new device code was needed: the lab saw no device code request.
    expect(labLog.slice(refreshesBefore).some((l) => l.startsWith('entra.devicecode'))).toBe(false);
  });

  it('a user who never signed in → ReauthenticationRequiredError MB_CONNECTION_NO_LONGER_ACTIVE (the KB\'s O365-5 entry)', async () => {
    const conn = await openDelegatedConnection(profile, secrets, userB);
    try {
      const error = await conn.tokens.token().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReauthenticationRequiredError);
      expect((error as ReauthenticationRequiredError).code).toBe('MB_CONNECTION_NO_LONGER_ACTIVE');
      expect((error as Error).message).toBe('connection no longer active, please re-authenticate');
    } finally {
      conn.close();
    }
  });
});

describe('lost connection (O365-5)', () => {
  it('revoked sessions: the connector fails with ReauthenticationRequiredError AADSTS50173 and the exact O365-5 sentence; the refresh token is nowhere in clear', async () => {
    const refreshTokens = await refreshTokensInCache();
    expect(refreshTokens.length).toBeGreaterThan(0);
    await control('/users/revoke-sessions', { user: userA });
    const connector = await createConnector(profile, secrets, { delegatedUser: userA });
    let error: unknown;
    try {
      const [own] = (await connector.discoverMailboxes()).filter((m) => m.role === 'staff');
      error = await connector.listFolders(own!.address).then(() => null, (e: unknown) => e);
    } finally {
      await connector.close();
    }
    expect(error).toBeInstanceOf(ReauthenticationRequiredError);
    const reauth = error as ReauthenticationRequiredError;
    expect(reauth.message).toBe(REAUTH_MESSAGE);
    expect(reauth.message).toBe('connection no longer active, please re-authenticate');
    expect(reauth.code).toBe('AADSTS50173');
    expect(reauth.rule).toBe('O365-5');
    expect(reauth.fix.join('\n')).toContain(`mailbridge signin ${profile.name} --user ${userA}`);

    // The refresh token never leaves the secret store in clear.
    const places: Array<[string, string]> = [
      ['error', `${String(reauth)} ${reauth.stack ?? ''} ${JSON.stringify(reauth)} ${JSON.stringify(reauth.details)} ${reauth.cause} ${reauth.fix.join(' ')}`],
      ['profile file', await readFile(lab.document.profiles.find((p) => p.name === 'lab-online')!.file, 'utf8')],
      ['profile object', JSON.stringify(profile)],
      ['lab log', labLog.join('\n')],
    ];
    for (const file of await readdir(stateDir, { recursive: true, withFileTypes: true })) {
      if (file.isFile()) places.push([`state file ${file.name}`, await readFile(path.join(file.parentPath, file.name), 'utf8')]);
    }
    expect(places.some(([where]) => where.includes('secrets.vault'))).toBe(true);
    for (const [where, text] of places) {
      for (const rt of refreshTokens) expect(text.includes(rt), `${where} holds a refresh token`).toBe(false);
      expect(text.includes('"RefreshToken"'), `${where} holds the serialized cache`).toBe(false);
    }
  });

  it('re-authentication after revocation works; then a refresh token inactive too long → AADSTS700082', async () => {
    await signIn(userA);
    const conn = await openDelegatedConnection(profile, secrets, userA);
    try {
      expect(decodeJwt(await conn.tokens.tokenForceRefresh()).upn).toBe(userA);
      await control('/users/expire-refresh-tokens', { user: userA });
      const error = await conn.tokens.tokenForceRefresh().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(ReauthenticationRequiredError);
      expect((error as ReauthenticationRequiredError).code).toBe('AADSTS700082');
      expect((error as Error).message).toBe('connection no longer active, please re-authenticate');
    } finally {
      conn.close();
    }
  });
});

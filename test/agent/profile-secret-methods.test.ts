// profiles.* and secrets.* over the socket with the typed client (issue #2, EX-4, EX-7,
// AG-5): invalid profiles come back as -32001 with every issue's path, rule and fix;
// a missing profile is -32002; secrets go in and only their presence comes out.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentRequestError, connectAgent, RpcErrorCode, type AgentClient } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let world: TempEnv;
let agent: AgentProcess;
let client: AgentClient;

const PROFILE = {
  kind: 'exchange-onprem',
  name: 'acme',
  server: 'mail.acme.example',
  intervalMinutes: 15,
  credentials: { kind: 'password', user: 'svc-sync@acme.example' },
  staff: [{ user: 'alice@acme.example', enabled: true }],
};

beforeAll(async () => {
  world = createTempEnv();
  agent = await startAgent(world);
  client = await connectAgent({ socketPath: world.socketPath });
});

afterAll(async () => {
  client.close();
  await agent.stop('SIGTERM');
  world.cleanup();
});

async function rejection(promise: Promise<unknown>): Promise<AgentRequestError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(AgentRequestError);
  return error as AgentRequestError;
}

describe('profiles over the socket', () => {
  it('validates without saving, naming field, rule and fix (EX-7)', async () => {
    const result = await client.call('profiles.validate', { profile: { ...PROFILE, server: '10.0.0.5' } });
    expect(result.valid).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ path: 'server', rule: 'EX-7', fix: expect.any(String) }));
    expect((await client.call('profiles.list')).profiles).toEqual([]);
  });

  it('refuses an invalid profile with -32001 and its issues, and saves nothing', async () => {
    const error = await rejection(client.call('profiles.put', { profile: { ...PROFILE, intervalMinutes: 5 } }));
    expect(error.rpcCode).toBe(RpcErrorCode.InvalidProfile);
    expect(error.exitCode).toBe(2);
    expect(error.issues).toContainEqual(expect.objectContaining({ path: 'intervalMinutes', rule: 'EX-7' }));
    expect((await client.call('profiles.list')).profiles).toEqual([]);
  });

  it('saves, lists, gets and deletes a profile; a missing one is -32002', async () => {
    const put = await client.call('profiles.put', { profile: PROFILE });
    expect(put.profile).toMatchObject({ name: 'acme', server: 'mail.acme.example' });
    expect(Array.isArray(put.warnings)).toBe(true);
    const list = await client.call('profiles.list');
    expect(list.profiles).toEqual([expect.objectContaining({ name: 'acme', kind: 'exchange-onprem', server: 'mail.acme.example', enabled: true })]);
    expect((await client.call('profiles.get', { name: 'acme' })).profile).toMatchObject({ name: 'acme' });
    expect((await client.call('agent.status')).profiles.count).toBe(1);

    expect(await client.call('profiles.delete', { name: 'acme' })).toEqual({ deleted: true });
    expect(await client.call('profiles.delete', { name: 'acme' })).toEqual({ deleted: false });
    const missing = await rejection(client.call('profiles.get', { name: 'acme' }));
    expect(missing.rpcCode).toBe(RpcErrorCode.NotFound);
    expect(missing.code).toBe('MB_PROFILE_NOT_FOUND');
  });
});

describe('profiles.setDefault and profiles.delete keepSecrets', () => {
  it('moves the default mark in one call (MEM-2)', async () => {
    await client.call('profiles.put', { profile: { ...PROFILE, name: 'one', server: 'mail.one.example' } });
    await client.call('profiles.put', { profile: { ...PROFILE, name: 'two', server: 'mail.two.example' } });
    expect((await client.call('profiles.setDefault', { name: 'one' })).profile).toMatchObject({ name: 'one', default: true });
    expect((await client.call('profiles.list')).default).toBe('one');
    await client.call('profiles.setDefault', { name: 'two' });
    const list = await client.call('profiles.list');
    expect(list.default).toBe('two');
    expect(list.profiles.filter((p) => p.default).map((p) => p.name)).toEqual(['two']);
    const missing = await rejection(client.call('profiles.setDefault', { name: 'three' }));
    expect(missing.rpcCode).toBe(RpcErrorCode.NotFound);
  });

  it('keeps the secrets of a deleted profile when asked, and lists stored secret names', async () => {
    await client.call('secrets.set', { profile: 'one', field: 'password', value: 'kept-secret-1' });
    expect(await client.call('secrets.list', { profile: 'one' })).toEqual({ fields: ['password'] });
    expect(await client.call('profiles.delete', { name: 'one', keepSecrets: true })).toEqual({ deleted: true });
    expect(await client.call('secrets.has', { profile: 'one', field: 'password' })).toEqual({ present: true });
    await client.call('secrets.delete', { profile: 'one', field: 'password' });
    expect(await client.call('secrets.list', { profile: 'one' })).toEqual({ fields: [] });
    await client.call('profiles.delete', { name: 'two' });
  });
});

describe('secrets over the socket', () => {
  it('stores a secret and reports only its presence; deleting the profile deletes its secrets', async () => {
    await client.call('profiles.put', { profile: PROFILE });
    expect(await client.call('secrets.has', { profile: 'acme', field: 'password' })).toEqual({ present: false });
    expect(await client.call('secrets.set', { profile: 'acme', field: 'password', value: 'correct horse battery' })).toEqual({ ok: true });
    expect(await client.call('secrets.has', { profile: 'acme', field: 'password' })).toEqual({ present: true });
    expect(await client.call('secrets.delete', { profile: 'acme', field: 'password' })).toEqual({ deleted: true });
    expect(await client.call('secrets.has', { profile: 'acme', field: 'password' })).toEqual({ present: false });

    await client.call('secrets.set', { profile: 'acme', field: 'password', value: 'another one' });
    await client.call('profiles.delete', { name: 'acme' });
    expect(await client.call('secrets.has', { profile: 'acme', field: 'password' })).toEqual({ present: false });
  });

  it('refuses a password over 128 characters (EX-4) without echoing it', async () => {
    await client.call('profiles.put', { profile: PROFILE });
    const value = `pw-${'z'.repeat(130)}`;
    const error = await rejection(client.call('secrets.set', { profile: 'acme', field: 'password', value }));
    expect(error.rpcCode).toBe(RpcErrorCode.InvalidParams);
    expect(error.issues).toContainEqual(expect.objectContaining({ path: 'password', rule: 'EX-4' }));
    expect(JSON.stringify(error.rpcData) + error.message).not.toContain(value);
    expect(await client.call('secrets.has', { profile: 'acme', field: 'password' })).toEqual({ present: false });
  });

  it('refuses a field the profile does not have, and a profile that does not exist', async () => {
    const unknownField = await rejection(client.call('secrets.set', { profile: 'acme', field: 'pasword', value: 'x1' }));
    expect(unknownField.rpcCode).toBe(RpcErrorCode.InvalidParams);
    expect(unknownField.issues[0]).toMatchObject({ path: 'pasword', code: 'MB_SECRET_FIELD_UNKNOWN' });
    const unknownProfile = await rejection(client.call('secrets.set', { profile: 'nobody', field: 'password', value: 'x1' }));
    expect(unknownProfile.rpcCode).toBe(RpcErrorCode.NotFound);
  });
});

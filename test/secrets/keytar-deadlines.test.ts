// The keytar backend's deadlines (issue #2, AG-5). A real keyring that hangs cannot be
// produced on demand (a locked gnome-keyring crashes instead: see the keyring session
// test), so keytar is replaced here by an API whose calls never return until released.
// Under test is the store's own guard: a call past its deadline is an operator error,
// and once two calls hang the store stops calling the keyring (each hung call holds a
// libuv pool thread) until they return.
import { describe, expect, it } from 'vitest';
import type { KeytarApi } from '../../agent/secrets/keytar/keytar-module.js';
import { KeytarSecretStore, MAX_STUCK_KEYRING_CALLS } from '../../agent/secrets/keytar/keytar-secret-store.js';
import { operatorErrorOf } from './secrets-test-kit.js';

function hangingKeyring(): { api: KeytarApi; releaseAll(): void; calls(): number } {
  const waiting: (() => void)[] = [];
  let calls = 0;
  const hang = <T>(value: T): Promise<T> => {
    calls += 1;
    return new Promise<T>((resolve) => waiting.push(() => resolve(value)));
  };
  return {
    api: {
      getPassword: () => hang<string | null>('value'),
      setPassword: () => hang<void>(undefined),
      deletePassword: () => hang(true),
      findCredentials: () => hang([]),
    },
    releaseAll: () => waiting.splice(0).forEach((release) => release()),
    calls: () => calls,
  };
}

describe('keytar backend: a keyring that stops answering', () => {
  it('turns a call past its deadline into MB_KEYRING_TIMEOUT, then stops calling until the hung calls return', async () => {
    const keyring = hangingKeyring();
    const store = new KeytarSecretStore({
      api: keyring.api,
      reason: 'test',
      callTimeoutMs: 150,
      confirmAnswering: async () => ({ available: true, reason: 'test' }),
    });
    const ref = { profile: 'acme', field: 'password' };

    const started = Date.now();
    const first = await operatorErrorOf(store.get(ref));
    expect(first.code).toBe('MB_KEYRING_TIMEOUT');
    expect(first.message).toContain('within 150 ms');
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    for (let i = 1; i < MAX_STUCK_KEYRING_CALLS; i += 1) expect((await operatorErrorOf(store.get(ref))).code).toBe('MB_KEYRING_TIMEOUT');

    const callsBefore = keyring.calls();
    const refused = await operatorErrorOf(store.get(ref));
    expect(refused.code).toBe('MB_KEYRING_UNAVAILABLE');
    expect(refused.message).toContain(`${MAX_STUCK_KEYRING_CALLS} earlier keyring calls have not returned`);
    expect(keyring.calls()).toBe(callsBefore);

    // The hung calls return: the keyring is used again.
    keyring.releaseAll();
    await new Promise((resolve) => setImmediate(resolve));
    const answer = store.get(ref);
    keyring.releaseAll();
    expect(await answer).toBe('value');
  });
});

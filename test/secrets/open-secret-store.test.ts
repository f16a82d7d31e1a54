// The backend chooser (issue #2, AG-5): without a Secret Service the vault is chosen and
// the reason says why; a bus that never answers costs the probe's deadline, not a hang;
// MAILBRIDGE_SECRET_BACKEND forces a backend and fails clearly when it is unavailable.
import net from 'node:net';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openSecretStore } from '../../agent/secrets/open-secret-store.js';
import { headlessEnv, KEY_A_HEX, operatorErrorOf, removeTempDirs, tempDir } from './secrets-test-kit.js';

afterAll(removeTempDirs);

describe('openSecretStore: choosing a backend', () => {
  it('falls back to the vault without a D-Bus session bus, and says so', async () => {
    const store = await openSecretStore({ stateDir: tempDir('state'), env: headlessEnv() });
    expect(store.backend.name).toBe('vault');
    expect(store.backend.reason).toMatch(/OS keyring is not usable: no D-Bus session bus \(DBUS_SESSION_BUS_ADDRESS is not set/);
    expect(store.backend.fallback).toBeUndefined();
  });

  it('falls back to the vault when the session bus address leads nowhere, with the keyring error as reason', async () => {
    const missing = path.join(tempDir('bus'), 'no-such-bus');
    const store = await openSecretStore({ stateDir: tempDir('state'), env: headlessEnv({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${missing}` }) });
    expect(store.backend.name).toBe('vault');
    expect(store.backend.reason).toMatch(/the Secret Service did not answer: .+/);
  });

  it('gives up on a bus that accepts but never answers within the probe deadline', async () => {
    const socketPath = path.join(tempDir('bus'), 'silent-bus');
    const held: net.Socket[] = [];
    const silent = net.createServer((socket) => held.push(socket));
    await new Promise<void>((resolve) => silent.listen(socketPath, resolve));
    try {
      const started = Date.now();
      const store = await openSecretStore({
        stateDir: tempDir('state'),
        env: headlessEnv({ DBUS_SESSION_BUS_ADDRESS: `unix:path=${socketPath}` }),
        probeTimeoutMs: 1500,
      });
      expect(store.backend.name).toBe('vault');
      expect(store.backend.reason).toContain('did not answer within 1500 ms');
      expect(Date.now() - started).toBeLessThan(10_000);
    } finally {
      for (const socket of held) socket.destroy();
      await new Promise((resolve) => silent.close(resolve));
    }
  });

  it('uses the vault when it is the soft preference, without probing a keyring', async () => {
    const store = await openSecretStore({ stateDir: tempDir('state'), env: headlessEnv({ MAILBRIDGE_VAULT_KEY: KEY_A_HEX }), prefer: 'vault' });
    expect(store.backend.name).toBe('vault');
    expect(store.backend.reason).toContain('configured preference');
  });

  it('MAILBRIDGE_SECRET_BACKEND=vault forces the vault', async () => {
    const store = await openSecretStore({ stateDir: tempDir('state'), env: headlessEnv({ MAILBRIDGE_SECRET_BACKEND: 'vault' }) });
    expect(store.backend.name).toBe('vault');
    expect(store.backend.reason).toContain('Forced by MAILBRIDGE_SECRET_BACKEND=vault');
  });

  it('MAILBRIDGE_SECRET_BACKEND=keytar without a Secret Service refuses with the reason, no fallback', async () => {
    const error = await operatorErrorOf(openSecretStore({ stateDir: tempDir('state'), env: headlessEnv({ MAILBRIDGE_SECRET_BACKEND: 'keytar' }) }));
    expect(error.code).toBe('MB_SECRET_BACKEND_UNAVAILABLE');
    expect(error.message).toContain('keytar');
    expect(error.message).toContain('no D-Bus session bus');
  });

  it('an unknown MAILBRIDGE_SECRET_BACKEND is a usage error naming the accepted values', async () => {
    const error = await operatorErrorOf(openSecretStore({ stateDir: tempDir('state'), env: headlessEnv({ MAILBRIDGE_SECRET_BACKEND: 'kwallet' }) }));
    expect(error).toMatchObject({ code: 'MB_SECRET_BACKEND_UNKNOWN', field: 'MAILBRIDGE_SECRET_BACKEND', exitCode: 2 });
    expect(error.fix.join(' ')).toContain('keytar, vault or systemd');
  });
});

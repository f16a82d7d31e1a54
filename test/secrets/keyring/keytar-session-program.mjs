// Runs inside `dbus-run-session` with an unlocked throwaway gnome-keyring (started by
// keytar-session.sh): drives the compiled keytar backend through openSecretStore and
// prints one JSON document of observations for keytar-secret-store.test.ts to assert.
import { execFileSync } from 'node:child_process';
import keytar from 'keytar';

const { openSecretStore } = await import(process.env.OPEN_SECRET_STORE_URL);
const service = process.env.TEST_KEYTAR_SERVICE;
const stateDir = process.env.TEST_STATE_DIR;
const secret = process.env.TEST_SECRET_VALUE;
const acme = (field) => ({ profile: 'acme-online', field });

const out = {};
const store = await openSecretStore({ stateDir, env: process.env, keytarService: service });
out.backend = store.backend;
await store.set(acme('clientSecret'), secret);
await store.set(acme('password'), 'second-value');
await store.set({ profile: 'other', field: 'password' }, 'other-value');
out.readBack = (await store.get(acme('clientSecret'))) === secret;
out.hasClientSecret = await store.has(acme('clientSecret'));
out.hasMissing = await store.has(acme('token'));
out.getMissing = (await store.get(acme('token'))) ?? null;
out.listAcme = await store.list('acme-online');
out.listNobody = await store.list('nobody');

// What keytar itself sees: service and `<profile>/<field>` accounts.
out.rawAccounts = (await keytar.findCredentials(service)).map((c) => c.account).sort();
out.rawValueMatches = (await keytar.getPassword(service, 'acme-online/clientSecret')) === secret;

// A second agent (a restart) reads what the first stored.
// (this one names its service through MAILBRIDGE_KEYRING_SERVICE instead of the option)
const forced = await openSecretStore({ stateDir, env: { ...process.env, MAILBRIDGE_SECRET_BACKEND: 'keytar', MAILBRIDGE_KEYRING_SERVICE: service } });
out.forcedBackend = forced.backend;
out.forcedReadBack = (await forced.get(acme('clientSecret'))) === secret;

out.deleted = await store.delete(acme('password'));
out.deletedAgain = await store.delete(acme('password'));
out.listAfterDelete = await store.list('acme-online');
try {
  await store.set(acme('password'), '');
  out.emptyValueError = null;
} catch (error) {
  out.emptyValueError = error.code;
}

// An installation whose secrets are already in a vault keeps using it, keyring or not.
const vaultStateDir = `${stateDir}-vault`;
const vaultFirst = await openSecretStore({ stateDir: vaultStateDir, env: { ...process.env, MAILBRIDGE_SECRET_BACKEND: 'vault' } });
await vaultFirst.set(acme('password'), 'in-the-vault');
const reopened = await openSecretStore({ stateDir: vaultStateDir, env: process.env, keytarService: service });
out.existingVault = { backend: reopened.backend, readBack: (await reopened.get(acme('password'))) === 'in-the-vault' };

// Lock the keyring as a screen lock or logout would. With a locked keyring libsecret
// reads as empty and crashes in findCredentials; the agent process must survive and
// say so instead of treating secrets as unset.
execFileSync('dbus-send', [
  '--session', '--print-reply', '--dest=org.freedesktop.secrets', '/org/freedesktop/secrets',
  'org.freedesktop.Secret.Service.Lock', 'array:objpath:/org/freedesktop/secrets/collection/login',
]);
const codeOf = async (work) => {
  try {
    await work();
    return 'no error';
  } catch (error) {
    return error.code ?? String(error);
  }
};
const lockedStateDir = `${stateDir}-locked`;
out.locked = {
  get: await codeOf(() => store.get(acme('clientSecret'))),
  has: await codeOf(() => store.has(acme('clientSecret'))),
  list: await codeOf(() => store.list('acme-online')),
  set: await codeOf(() => store.set(acme('token'), 'x')),
  forced: await codeOf(() => openSecretStore({ stateDir: lockedStateDir, env: { ...process.env, MAILBRIDGE_SECRET_BACKEND: 'keytar' }, keytarService: service })),
};
out.locked.chosen = (await openSecretStore({ stateDir: lockedStateDir, env: process.env, keytarService: service })).backend;
out.survived = true;

await store.close();
await forced.close();
process.stdout.write(`${JSON.stringify(out)}\n`);

// Test kit for the connector suites: a lab started in-process, a real vault secret store in
// a temp dir holding the lab's secrets, and the lab's own profile files parsed with the
// profile schema. The lab CA reaches the connectors only through profile.tls.caFile.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { openVaultSecretStore } from '../../agent/secrets/vault/vault-secret-store.js';
import type { SecretStore } from '../../agent/secrets/secret-store.js';
import { startLab, type LabOptions, type RunningLab } from '../../fixtures/lab/lab.js';
import { profileSchema, type OnlineProfile, type OnpremProfile } from '../../src/profiles/profile-schema.js';

export interface ConnectorLab {
  lab: RunningLab;
  secrets: SecretStore;
  onprem: OnpremProfile;
  online: OnlineProfile;
  stop(): Promise<void>;
}

async function loadProfile(lab: RunningLab, name: 'lab-onprem' | 'lab-online'): Promise<{ profile: unknown; secrets: Record<string, string> }> {
  const entry = lab.document.profiles.find((p) => p.name === name);
  if (!entry) throw new Error(`lab document has no profile ${name}`);
  return { profile: profileSchema.parse(JSON.parse(await readFile(entry.file, 'utf8'))), secrets: entry.secrets };
}

/**
 * The host may set NODE_EXTRA_CA_CERTS to its system bundle; what matters is that the
 * lab CA is not in it, so the only way the lab is trusted is the profile's tls.caFile.
 */
async function assertLabCaNotProcessWide(lab: RunningLab): Promise<void> {
  const extra = process.env.NODE_EXTRA_CA_CERTS;
  if (!extra) return;
  const bundle = await readFile(extra, 'utf8').catch(() => '');
  const labCa = lab.certificates.caPem.trim();
  if (extra === lab.document.caFile || bundle.includes(labCa)) {
    await lab.stop();
    throw new Error('NODE_EXTRA_CA_CERTS holds the lab CA: the connector tests must get trust only from the profile');
  }
}

export async function startConnectorLab(options: LabOptions = {}): Promise<ConnectorLab> {
  const lab = await startLab({ seed: 11, ...options });
  await assertLabCaNotProcessWide(lab);
  const stateDir = await mkdtemp(path.join(tmpdir(), 'mb-connectors-'));
  const secrets = await openVaultSecretStore({ stateDir, env: {} });
  const onprem = await loadProfile(lab, 'lab-onprem');
  const online = await loadProfile(lab, 'lab-online');
  for (const [p, entry] of [['lab-onprem', onprem], ['lab-online', online]] as const) {
    for (const [field, value] of Object.entries(entry.secrets)) await secrets.set({ profile: p, field }, value);
  }
  return {
    lab, secrets, onprem: onprem.profile as OnpremProfile, online: online.profile as OnlineProfile,
    stop: async () => {
      await secrets.close();
      await lab.stop();
      await rm(stateDir, { recursive: true, force: true });
    },
  };
}

/** Switches lab faults on or off and waits until they apply. */
export async function setFaults(lab: RunningLab, on: string[], off: string[] = []): Promise<void> {
  for (const f of on) lab.context.faults.set(f as never, true);
  for (const f of off) lab.context.faults.set(f as never, false);
  await lab.settled();
}

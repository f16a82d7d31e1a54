/**
 * In-process profile and secret access for when no agent runs: ProfileRepository (with
 * the profile lock around each write) and the secret store chosen by openSecretStore,
 * opened only when a secret is touched.
 */
import { ProfileRepository } from '../../../agent/profiles/profile-repository.js';
import { openSecretStore } from '../../../agent/secrets/open-secret-store.js';
import type { SecretStore } from '../../../agent/secrets/secret-store.js';
import { stateDir } from '../../paths.js';
import type { Profile } from '../../profiles/profile-schema.js';
import type { ProfileAccess, ProfileList } from './profile-access.js';

export class LocalProfileAccess implements ProfileAccess {
  readonly via = 'local' as const;
  private readonly repo = new ProfileRepository();
  private store: Promise<SecretStore> | undefined;

  async list(): Promise<ProfileList> {
    return this.repo.summaries();
  }

  async get(name: string): Promise<Profile> {
    return this.repo.require(name);
  }

  async validate(input: unknown) {
    const { valid, issues } = this.repo.validate(input);
    return { valid, issues };
  }

  async putMany(inputs: readonly unknown[], options: { replace: boolean }) {
    const results = await this.repo.putMany(inputs, options);
    return { profiles: results.map((r) => r.profile), warnings: results.flatMap((r) => r.warnings) };
  }

  async delete(name: string, options: { keepSecrets?: boolean } = {}): Promise<boolean> {
    const deleted = await this.repo.delete(name);
    // The agent's policy, kept here too: no secret outlives its profile unless asked.
    if (deleted && !options.keepSecrets) {
      const store = await this.secrets();
      for (const field of await store.list(name)) await store.delete({ profile: name, field });
    }
    return deleted;
  }

  async setDefault(name: string): Promise<void> {
    await this.repo.setDefault(name);
  }

  async secretSet(profile: string, field: string, value: string): Promise<void> {
    await (await this.secrets()).set({ profile, field }, value);
  }

  async secretHas(profile: string, field: string): Promise<boolean> {
    return (await this.secrets()).has({ profile, field });
  }

  async secretDelete(profile: string, field: string): Promise<boolean> {
    return (await this.secrets()).delete({ profile, field });
  }

  async storedSecretFields(profile: string): Promise<string[]> {
    return (await this.secrets()).list(profile);
  }

  async close(): Promise<void> {
    if (this.store) await (await this.store).close();
  }

  private secrets(): Promise<SecretStore> {
    this.store ??= openSecretStore({ stateDir: stateDir(), env: process.env });
    return this.store;
  }
}

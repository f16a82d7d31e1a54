/**
 * Adapts the profile repository (agent/profiles) and the profile rules (src/profiles)
 * to the ProfilePort the method handlers use. The one policy added here: deleting a
 * profile also deletes the secrets stored for it, so none outlive their profile.
 */
import type { Logger } from 'pino';
import { checkSecretValue, resolveSecretField } from '../src/profiles/secret-fields.js';
import type { ProfileRepository } from './profiles/profile-repository.js';
import type { SecretStore } from './secrets/secret-store.js';
import type { ProfilePort } from './server/handlers/agent-services.js';

export function createProfilePort(repository: ProfileRepository, secrets: SecretStore, log: Logger): ProfilePort {
  return {
    list: () => repository.summaries(),
    get: (name) => ({ ...repository.require(name) }),
    put: async (input) => {
      const saved = await repository.put(input);
      if (saved.resyncFields.length > 0) log.info({ profile: saved.profile.name, fields: saved.resyncFields }, 'resync-triggering fields changed (EX-9)');
      return { profile: { ...saved.profile }, warnings: saved.warnings, created: saved.created };
    },
    delete: async (name) => {
      const deleted = await repository.delete(name);
      if (deleted) await deleteSecretsOf(name, secrets, log);
      return deleted;
    },
    validate: (input) => {
      const { valid, issues } = repository.validate(input);
      return { valid, issues };
    },
    checkSecret: (profile, field, value) => checkSecretValue(repository.require(profile), field, value),
    resolveSecretField: (profile, field) => {
      const stored = repository.get(profile);
      return (stored && resolveSecretField(stored, field)?.field) ?? field;
    },
  };
}

async function deleteSecretsOf(profile: string, secrets: SecretStore, log: Logger): Promise<void> {
  for (const field of await secrets.list(profile)) {
    try {
      await secrets.delete({ profile, field });
    } catch (error) {
      // A read-only backend (systemd credentials) keeps its copy; say so rather than fail the delete.
      log.warn({ err: error, profile, field }, 'secret of a deleted profile not removed');
    }
  }
}

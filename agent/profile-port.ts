/**
 * Adapts the profile repository (agent/profiles) and the profile rules (src/profiles)
 * to the ProfilePort the method handlers use.
 */
import type { Logger } from 'pino';
import type { Profile } from '../src/profiles/profile-schema.js';
import { checkSecretValue, resolveSecretField } from '../src/profiles/secret-fields.js';
import type { ProfileRepository } from './profiles/profile-repository.js';
import type { ProfilePort } from './server/handlers/agent-services.js';

/** `onSaved` lets the sync engine queue or apply a save (EX-9). */
export function createProfilePort(repository: ProfileRepository, log: Logger, onSaved?: (profile: Profile, resyncFields: string[]) => void): ProfilePort {
  return {
    list: () => repository.summaries(),
    get: (name) => ({ ...repository.require(name) }),
    put: async (input) => {
      const saved = await repository.put(input);
      if (saved.resyncFields.length > 0) log.info({ profile: saved.profile.name, fields: saved.resyncFields }, 'resync-triggering fields changed (EX-9)');
      onSaved?.(saved.profile, saved.resyncFields);
      return { profile: { ...saved.profile }, warnings: saved.warnings, created: saved.created };
    },
    delete: (name) => repository.delete(name),
    setDefault: async (name) => ({ ...(await repository.setDefault(name)) }),
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

/**
 * `profiles.*`: thin over the profile port (validation and storage are the profile
 * subsystem's). What this adds: the change events subscribers see, and one policy —
 * deleting a profile deletes the secrets stored for it, so none outlive their profile.
 */
import type { MethodHandlers } from '../call-context.js';
import type { AgentServices } from './agent-services.js';

type ProfileMethodNames = 'profiles.list' | 'profiles.get' | 'profiles.put' | 'profiles.delete' | 'profiles.setDefault' | 'profiles.validate';

export function profileMethods(services: AgentServices): Pick<MethodHandlers, ProfileMethodNames> {
  const { profiles, events } = services;
  return {
    'profiles.list': () => profiles.list(),
    'profiles.get': async ({ name }) => ({ profile: await profiles.get(name) }),
    'profiles.put': async ({ profile }) => {
      const saved = await profiles.put(profile);
      const name = typeof saved.profile.name === 'string' ? saved.profile.name : '';
      events.publish({ type: 'profiles.changed', data: { name, change: saved.created ? 'created' : 'updated' } });
      return { profile: saved.profile, warnings: saved.warnings };
    },
    'profiles.delete': async ({ name, keepSecrets }) => {
      const deleted = await profiles.delete(name);
      if (deleted) {
        if (!keepSecrets) await deleteSecretsOf(name, services);
        events.publish({ type: 'profiles.changed', data: { name, change: 'deleted' } });
      }
      return { deleted };
    },
    'profiles.setDefault': async ({ name }) => {
      const previous = (await profiles.list()).default;
      const profile = await profiles.setDefault(name);
      for (const changed of new Set([previous, name])) {
        if (changed !== undefined) events.publish({ type: 'profiles.changed', data: { name: changed, change: 'updated' } });
      }
      return { profile };
    },
    'profiles.validate': ({ profile }) => profiles.validate(profile),
  };
}

async function deleteSecretsOf(profile: string, { secrets, events, log }: AgentServices): Promise<void> {
  for (const field of await secrets.list(profile)) {
    try {
      if (await secrets.delete({ profile, field })) events.publish({ type: 'secrets.changed', data: { profile, field, change: 'deleted' } });
    } catch (error) {
      // A read-only backend (systemd credentials) keeps its copy; say so rather than fail the delete.
      log.warn({ err: error, profile, field }, 'secret of a deleted profile not removed');
    }
  }
}

/**
 * `profiles.*`: thin over the profile port (validation and storage are the profile
 * subsystem's); what this adds is the change events subscribers see.
 */
import type { MethodHandlers } from '../call-context.js';
import type { AgentServices } from './agent-services.js';

type ProfileMethodNames = 'profiles.list' | 'profiles.get' | 'profiles.put' | 'profiles.delete' | 'profiles.validate';

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
    'profiles.delete': async ({ name }) => {
      const deleted = await profiles.delete(name);
      if (deleted) events.publish({ type: 'profiles.changed', data: { name, change: 'deleted' } });
      return { deleted };
    },
    'profiles.validate': ({ profile }) => profiles.validate(profile),
  };
}

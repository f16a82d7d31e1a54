/**
 * `secrets.set/has/delete`: values go in, never out (AG-5). The value is checked against
 * the profile (known field, EX-4 length) before it is stored, and it appears in no
 * answer, no event and no log line — only the profile and field names do.
 */
import { RpcErrorCode } from '../../../src/protocol/error-codes.js';
import type { MethodHandlers } from '../call-context.js';
import { MethodError } from '../method-error.js';
import type { AgentServices } from './agent-services.js';

type SecretMethodNames = 'secrets.set' | 'secrets.has' | 'secrets.delete';

export function secretMethods(services: AgentServices): Pick<MethodHandlers, SecretMethodNames> {
  const { secrets, profiles, events } = services;
  return {
    'secrets.set': async ({ profile, field, value }) => {
      const issues = await profiles.checkSecret(profile, field, value);
      if (issues.length > 0) {
        const first = issues[0]!;
        throw new MethodError(RpcErrorCode.InvalidParams, `invalid params: ${first.message}`, { issues });
      }
      await secrets.set({ profile, field }, value);
      events.publish({ type: 'secrets.changed', data: { profile, field, change: 'set' } });
      return { ok: true as const };
    },
    'secrets.has': async ({ profile, field }) => ({ present: await secrets.has({ profile, field }) }),
    'secrets.delete': async ({ profile, field }) => {
      const deleted = await secrets.delete({ profile, field });
      if (deleted) events.publish({ type: 'secrets.changed', data: { profile, field, change: 'deleted' } });
      return { deleted };
    },
  };
}

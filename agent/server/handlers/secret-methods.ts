/**
 * `secrets.set/has/delete`: values go in, never out (AG-5). The value is checked against
 * the profile (known field, EX-4 length) before it is stored, and it appears in no
 * answer, no event and no log line — only the profile and field names do.
 */
import { RpcErrorCode } from '../../../src/protocol/error-codes.js';
import type { MethodHandlers } from '../call-context.js';
import { MethodError } from '../method-error.js';
import type { AgentServices } from './agent-services.js';

type SecretMethodNames = 'secrets.set' | 'secrets.has' | 'secrets.list' | 'secrets.delete';

export function secretMethods(services: AgentServices): Pick<MethodHandlers, SecretMethodNames> {
  const { secrets, profiles, events } = services;
  return {
    'secrets.set': async ({ profile, field, value }) => {
      const { storeField, issues } = await profiles.checkSecret(profile, field, value);
      const first = issues[0];
      if (first || storeField === undefined) {
        throw new MethodError(RpcErrorCode.InvalidParams, `invalid params: ${first?.message ?? `${field}: unknown secret field`}`, { issues });
      }
      await secrets.set({ profile, field: storeField }, value);
      events.publish({ type: 'secrets.changed', data: { profile, field: storeField, change: 'set' } });
      return { ok: true as const };
    },
    'secrets.has': async ({ profile, field }) => {
      const storeField = await profiles.resolveSecretField(profile, field);
      return { present: await secrets.has({ profile, field: storeField }) };
    },
    'secrets.list': async ({ profile }) => ({ fields: await secrets.list(profile) }),
    'secrets.delete': async ({ profile, field }) => {
      const storeField = await profiles.resolveSecretField(profile, field);
      const deleted = await secrets.delete({ profile, field: storeField });
      if (deleted) events.publish({ type: 'secrets.changed', data: { profile, field: storeField, change: 'deleted' } });
      return { deleted };
    },
  };
}

/**
 * entra.permissions: the token's `roles` (decoded locally) against what the enabled sync
 * features need (required-roles.ts). A token is issued without the roles admin consent
 * never granted, so this is the check that finds them; the missing ones are listed with
 * the features that need them and the admin-consent step.
 */
import type { CheckDefinition, CheckOutcome } from '../check-definition.js';
import { diagnosisFor } from '../check-diagnosis.js';
import type { TokenArtifact } from './entra-token.js';
import type { OnlineCheckTarget } from './online-target.js';
import { isSatisfied } from './required-roles.js';
import { decodeTokenClaims } from './token-claims.js';

export function entraPermissionsCheck(target: OnlineCheckTarget): CheckDefinition {
  return {
    id: 'entra.permissions',
    title: 'Graph permissions (admin consent)',
    dependsOn: ['entra.token'],
    run(ctx): Promise<CheckOutcome> {
      const { accessToken } = ctx.dependency('entra.token').artifact as TokenArtifact;
      const claims = decodeTokenClaims(accessToken);
      const granted = claims?.roles ?? [];
      const missing = target.roles.filter((need) => !isSatisfied(need.role, granted));
      const details = { granted, needed: target.roles.map((n) => ({ role: n.role, for: n.features })), missing: missing.map((n) => ({ role: n.role, for: n.features })) };
      if (missing.length === 0) {
        return Promise.resolve({ status: 'pass', summary: `all ${target.roles.length} needed roles granted (${target.roles.map((n) => n.role).join(', ')})`, details });
      }
      const cause = `The token's roles claim lacks ${missing.map((n) => `${n.role} (to ${n.features.join('; ')})`).join(', ')}: admin consent for ${missing.length === 1 ? 'this application permission' : 'these application permissions'} was never granted or was revoked.`;
      return Promise.resolve({
        status: 'fail',
        summary: `missing ${missing.map((n) => n.role).join(', ')}: grant admin consent`,
        details,
        diagnosis: diagnosisFor('MB_GRAPH_ROLES_MISSING', cause),
      });
    },
  };
}

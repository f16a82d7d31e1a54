/**
 * Reads a secret a connector cannot work without. Profiles hold only a reference to a
 * secret (AG-5); when the value is not in the store the operator gets the command that
 * puts it there, never a bare "undefined" deep in a protocol library.
 */
import { OperatorError } from '../../src/errors/operator-error.js';
import type { SecretStore } from '../secrets/secret-store.js';

export async function requireSecret(secrets: Pick<SecretStore, 'get'>, profile: string, field: string, what: string): Promise<string> {
  const value = await secrets.get({ profile, field });
  if (value === undefined) {
    throw new OperatorError({
      message: `profile ${profile}: the ${what} is not in the secret store (field "${field}")`,
      code: 'MB_SECRET_MISSING', family: 'config', field,
      cause: `The connector needs the ${what}; profiles hold only a reference to it.`,
      fix: [`printf '%s\\n' '<value>' | mailbridge secrets set ${profile} ${field} --stdin`],
    });
  }
  return value;
}

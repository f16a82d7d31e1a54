/**
 * Names of secrets: which characters a profile and a field may carry, and how a
 * reference becomes a keyring account (`<profile>/<field>`) or a systemd credential
 * name (`<profile>.<field>`). Checked once here, because the names end up in file
 * names and keyring attributes, where a `/` or `..` would point somewhere else.
 */
import { OperatorError } from '../../src/errors/operator-error.js';
import type { SecretRef } from './secret-store.js';

// A field never contains a dot, so `<profile>.<field>` splits unambiguously at the last dot.
const FIELD_PATTERN = /^[A-Za-z][A-Za-z0-9_-]{0,63}$/;
// Profiles: anything printable up to 128 characters except the path separator.
// eslint-disable-next-line no-control-regex
const PROFILE_FORBIDDEN = /[/\\\u0000-\u001f\u007f]/;

function refError(field: 'profile' | 'field', value: string, why: string): OperatorError {
  return new OperatorError({
    message: `secret ${field}: ${JSON.stringify(value)} ${why}`,
    code: 'MB_SECRET_NAME_INVALID',
    family: 'config',
    field,
    cause: `A secret is addressed by a profile name and a field name; the ${field} name given cannot be used as a key.`,
    fix: [
      field === 'field'
        ? 'Use the field name of the profile, e.g. "password" or "clientSecret" (letters, digits, "_" and "-", starting with a letter).'
        : 'Use the profile name exactly as `mailbridge profile list` shows it (no "/", "\\" or control characters, at most 128 characters).',
    ],
    exitCode: 2,
  });
}

export function assertValidProfileName(profile: string): void {
  if (profile.length === 0 || profile.length > 128) throw refError('profile', profile, 'must be 1 to 128 characters long');
  if (profile === '.' || profile === '..') throw refError('profile', profile, 'is not a profile name');
  if (PROFILE_FORBIDDEN.test(profile)) throw refError('profile', profile, 'contains "/", "\\" or a control character');
}

export function assertValidSecretRef(ref: SecretRef): void {
  assertValidProfileName(ref.profile);
  if (!FIELD_PATTERN.test(ref.field)) {
    throw refError('field', ref.field, 'is not a field name (letters, digits, "_" and "-", starting with a letter, at most 64)');
  }
}

export function isValidFieldName(field: string): boolean {
  return FIELD_PATTERN.test(field);
}

/** Every backend refuses an empty value alike (keytar cannot store one). */
export function assertValidSecretValue(ref: SecretRef, value: string): void {
  if (typeof value !== 'string' || value.length === 0) {
    throw new OperatorError({
      message: `secret ${ref.profile}/${ref.field}: the value is empty`,
      code: 'MB_SECRET_EMPTY',
      family: 'config',
      field: ref.field,
      cause: 'An empty secret cannot be stored; an unset secret is simply absent.',
      fix: [`To remove the secret instead, delete it (secrets.delete ${ref.profile} ${ref.field}).`, 'Otherwise pass the value on standard input (--stdin).'],
      exitCode: 2,
    });
  }
}

export function keyringAccount(ref: SecretRef): string {
  return `${ref.profile}/${ref.field}`;
}

export function credentialName(ref: SecretRef): string {
  return `${ref.profile}.${ref.field}`;
}

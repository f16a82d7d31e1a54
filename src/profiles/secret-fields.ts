/**
 * Which secrets each profile kind needs, as data, and the validation of a secret value
 * at the one place values enter (`secrets.set` in the agent, `mailbridge secrets set`
 * in-process). Values are never echoed: findings name the field and a length only.
 */
import { createHash } from 'node:crypto';
import type { ProfileIssue } from './profile-issue.js';
import { ONLINE_KIND, ONPREM_KIND, type Profile, type ProfileKind } from './profile-schema.js';
import { SECRET_FIELD_NAME } from './secret-reference.js';
import { proxyPasswordField } from './proxy-fields.js';

/** EX-4: the sync account password is at most 128 characters. */
export const MAX_PASSWORD_LENGTH = 128;
/** A generous bound for opaque secrets; anything larger is a pasted file, not a secret. */
export const MAX_SECRET_LENGTH = 64 * 1024;

export type SecretFormat = 'password' | 'opaque' | 'pem-private-key';

/** A secret slot in a profile: where the reference sits and what the value must look like. */
export interface SecretSlotSpec {
  kind: ProfileKind;
  /** `credentials.kind` the slot belongs to. */
  credentialKind: string;
  /** The key under `credentials` holding the `{ secret }` reference. */
  slot: 'password' | 'privateKey' | 'clientSecret';
  defaultField: string;
  label: string;
  rule: string;
  format: SecretFormat;
}

export const SECRET_SLOTS: readonly SecretSlotSpec[] = [
  { kind: ONPREM_KIND, credentialKind: 'password', slot: 'password', defaultField: 'password', label: 'sync account password', rule: 'EX-4', format: 'password' },
  { kind: ONPREM_KIND, credentialKind: 'clientCertificate', slot: 'privateKey', defaultField: 'certificateKey', label: 'client certificate private key (PEM)', rule: 'MEM-4', format: 'pem-private-key' },
  { kind: ONLINE_KIND, credentialKind: 'clientSecret', slot: 'clientSecret', defaultField: 'clientSecret', label: 'app registration client secret', rule: 'O365-2', format: 'opaque' },
  { kind: ONLINE_KIND, credentialKind: 'clientCertificate', slot: 'privateKey', defaultField: 'certificateKey', label: 'app certificate private key (PEM)', rule: 'MEM-4', format: 'pem-private-key' },
];

/** Every key under `credentials` that may hold a secret reference: a string there is a leaked value. */
export const SECRET_SLOT_KEYS: readonly string[] = [...new Set(SECRET_SLOTS.map((s) => s.slot))];

/**
 * EX-10 per-user mode: each enabled staff member's own password. Store field names allow
 * only letters, digits, _ and - (agent/secrets/secret-ref.ts), so the field is derived from
 * a hash of the user; operators address it by the alias `password:<user>`.
 */
export const PER_USER_PASSWORD_ALIAS_PREFIX = 'password:';

export function perUserPasswordField(user: string): string {
  const digest = createHash('sha256').update(user.trim().toLowerCase()).digest('hex').slice(0, 16);
  return `userPassword-${digest}`;
}

/** A concrete secret a given profile needs. */
export interface SecretFieldSpec {
  /** The secret-store field name. */
  field: string;
  /** Another name an operator may use for it (`password:alice@example.com`). */
  alias?: string;
  label: string;
  rule: string;
  format: SecretFormat;
  /** Where the reference sits (`credentials.password`) or which staff entry it serves. */
  usedBy: string;
}

export function secretFieldsFor(profile: Profile): SecretFieldSpec[] {
  const creds = profile.credentials as Record<string, unknown> & { kind: string };
  const fields: SecretFieldSpec[] = SECRET_SLOTS.filter((s) => s.kind === profile.kind && s.credentialKind === creds.kind).map((s) => {
    const ref = creds[s.slot] as { secret: string } | undefined;
    return { field: ref?.secret ?? s.defaultField, label: s.label, rule: s.rule, format: s.format, usedBy: `credentials.${s.slot}` };
  });
  if (profile.kind === ONPREM_KIND && profile.credentials.kind === 'password' && profile.credentials.mode === 'perUser') {
    profile.staff.forEach((member, i) => {
      if (!member.enabled) return;
      const user = member.user.trim();
      fields.push({ field: perUserPasswordField(user), alias: `${PER_USER_PASSWORD_ALIAS_PREFIX}${user}`, label: `password of ${member.user.trim()}`, rule: 'EX-10', format: 'password', usedBy: `staff[${i}]` });
    });
  }
  // Issue #7: a proxy that authenticates has its password in the store, never in the profile.
  const proxyField = proxyPasswordField(profile.proxy);
  if (proxyField !== undefined) fields.push({ field: proxyField, label: 'outbound proxy password', rule: 'AG-5', format: 'opaque', usedBy: 'proxy.password' });
  return fields;
}

interface SecretValueRule {
  code: string;
  rule: (spec: SecretFieldSpec) => string;
  applies: (spec: SecretFieldSpec) => boolean;
  broken: (value: string) => boolean;
  problem: (value: string) => string;
  fix: string;
}

const PEM_PRIVATE_KEY = /-----BEGIN (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----[\s\S]+-----END (?:RSA |EC |ENCRYPTED )?PRIVATE KEY-----/;

const SECRET_VALUE_RULES: readonly SecretValueRule[] = [
  {
    code: 'MB_SECRET_EMPTY',
    rule: (s) => s.rule,
    applies: () => true,
    broken: (v) => v.length === 0,
    problem: () => 'the value is empty',
    fix: 'pipe the value on stdin, e.g. `printf %s "$VALUE" | mailbridge secrets set PROFILE FIELD --stdin`',
  },
  {
    code: 'MB_PASSWORD_TOO_LONG',
    rule: () => 'EX-4',
    applies: (s) => s.format === 'password',
    broken: (v) => v.length > MAX_PASSWORD_LENGTH,
    problem: (v) => `${v.length} characters is longer than the maximum of ${MAX_PASSWORD_LENGTH}`,
    fix: `use a password of at most ${MAX_PASSWORD_LENGTH} characters for the sync account`,
  },
  {
    code: 'MB_SECRET_TOO_LONG',
    rule: (s) => s.rule,
    applies: (s) => s.format !== 'password',
    broken: (v) => v.length > MAX_SECRET_LENGTH,
    problem: (v) => `${v.length} characters is longer than any secret of this kind`,
    fix: 'check that stdin carries only the secret, not a whole file or log',
  },
  {
    code: 'MB_CERTIFICATE_KEY_NOT_PEM',
    rule: () => 'MEM-4',
    applies: (s) => s.format === 'pem-private-key',
    broken: (v) => v.length > 0 && !PEM_PRIVATE_KEY.test(v),
    problem: () => 'the value is not a PEM private key',
    fix: 'pipe the key file, e.g. `mailbridge secrets set PROFILE certificateKey --stdin < client.key` (PKCS#8 or PKCS#1 PEM)',
  },
];

/** Strips the single trailing newline `echo` or a heredoc adds; everything else is kept as typed. */
export function normaliseSecretInput(raw: string): string {
  return raw.replace(/\r?\n$/, '');
}

/** The secret a field name (or alias, case-insensitive for the user part) names for this profile. */
export function resolveSecretField(profile: Profile, fieldOrAlias: string): SecretFieldSpec | undefined {
  const specs = secretFieldsFor(profile);
  return specs.find((s) => s.field === fieldOrAlias) ?? specs.find((s) => s.alias !== undefined && s.alias.toLowerCase() === fieldOrAlias.trim().toLowerCase());
}

export interface SecretValueCheck {
  /** The store field to write, when the name resolved. */
  storeField?: string;
  issues: ProfileIssue[];
}

/**
 * Checks a secret about to be stored for `profile` and resolves the store field. Unknown
 * fields (not needed by this profile) are refused so a typo never stores a secret nobody reads.
 * The agent's `secrets.set` and `mailbridge secrets set` (no agent) both call this.
 */
export function checkSecretValue(profile: Profile, field: string, value: string): SecretValueCheck {
  const spec = resolveSecretField(profile, field);
  if (!spec) return { issues: unknownFieldIssues(profile, field) };
  return { storeField: spec.field, issues: valueIssues(profile, spec, field, value) };
}

/** The findings of checkSecretValue alone. */
export function validateSecretValue(profile: Profile, field: string, value: string): ProfileIssue[] {
  return checkSecretValue(profile, field, value).issues;
}

function unknownFieldIssues(profile: Profile, field: string): ProfileIssue[] {
  const known = secretFieldsFor(profile).map((s) => s.alias ?? s.field);
  const fix = known.length > 0 ? `use one of: ${known.join(', ')}` : 'this profile needs no secret (its credentials come from Microsoft sign-in)';
  const badName = !SECRET_FIELD_NAME.test(field);
  return [
    {
      path: field,
      rule: 'AG-5',
      code: 'MB_SECRET_FIELD_UNKNOWN',
      message: `${field}: ${badName ? 'is not a valid secret field name' : `profile "${profile.name}" has no secret field of that name`}; ${fix} (AG-5)`,
      fix,
      severity: 'error',
      profile: profile.name,
    },
  ];
}

function valueIssues(profile: Profile, spec: SecretFieldSpec, field: string, value: string): ProfileIssue[] {
  return SECRET_VALUE_RULES.filter((r) => r.applies(spec) && r.broken(value)).map((r) => ({
    path: field,
    rule: r.rule(spec),
    code: r.code,
    message: `${field}: ${r.problem(value)}; ${r.fix} (${r.rule(spec)})`,
    fix: r.fix,
    severity: 'error' as const,
    profile: profile.name,
  }));
}

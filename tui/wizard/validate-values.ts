/**
 * Validation of the wizard's values as they are typed: the profile they describe goes
 * through src/profiles (the same rules and messages the agent applies on save), secrets
 * through the secret value rules (EX-4: at most 128 characters), and each finding is
 * pinned to the field it is about. Pure.
 */
import type { Profile } from '../../src/profiles/profile-schema.js';
import type { ProfileIssue } from '../../src/profiles/profile-issue.js';
import { checkSecretValue } from '../../src/profiles/secret-fields.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { buildProfile, type WizardValues } from './profile-values.js';
import { isStaffPasswordFieldId, staffPasswordFields, storedSecretName } from './staff-password-fields.js';
import { WIZARD_FIELDS, type FieldSpec, type MailSystem } from './wizard-fields.js';

export interface WizardValidation {
  profile: Record<string, unknown>;
  parsed?: Profile;
  /** Findings per field id. */
  byField: Map<string, ProfileIssue[]>;
  /** Findings no shown field owns (shown in the summary). */
  unplaced: ProfileIssue[];
  errors: number;
}

export function isShown(field: FieldSpec, values: WizardValues): boolean {
  const system = values.kind as MailSystem;
  return (!field.systems || field.systems.includes(system)) && (!field.shownWhen || field.shownWhen(values));
}

function owner(issuePath: string, fields: readonly FieldSpec[]): FieldSpec | undefined {
  return fields.find((f) => issuePath === f.id || issuePath.startsWith(`${f.id}.`) || issuePath.startsWith(`${f.id}[`));
}

export interface ValidateWizardOptions {
  base?: Record<string, unknown>;
  /** Secrets already stored (editing): an empty field keeps them. */
  storedSecrets?: ReadonlySet<string>;
}

export function validateWizard(values: WizardValues, secrets: WizardValues, options: ValidateWizardOptions = {}): WizardValidation {
  const shown = WIZARD_FIELDS.filter((f) => isShown(f, values));
  const profile = buildProfile(values, (f) => isShown(f, values), options.base);
  const result = validateProfile(profile);
  const byField = new Map<string, ProfileIssue[]>();
  const unplaced: ProfileIssue[] = [];
  const add = (fieldId: string, issue: ProfileIssue): void => {
    byField.set(fieldId, [...(byField.get(fieldId) ?? []), issue]);
  };
  for (const issue of result.issues) {
    const field = owner(issue.path, shown);
    if (field) add(field.id, issue);
    else unplaced.push(issue);
  }
  if (result.profile) {
    for (const field of [...shown.filter((f) => f.kind === 'secret'), ...staffPasswordFields('sync', values)]) {
      const slotField = field.id.slice('secret:'.length);
      const value = secrets[field.id] ?? '';
      if (value === '' && options.storedSecrets?.has(storedSecretName(field.id))) continue;
      // A staff member's own password may come later (Staff passwords): missing is a warning, so the profile can be saved.
      const later = isStaffPasswordFieldId(field.id) && value === '';
      for (const issue of checkSecretValue(result.profile, slotField, value).issues) {
        if (later && issue.code === 'MB_SECRET_EMPTY') add(field.id, { ...issue, severity: 'warning', message: `${field.label}: not set yet — this mailbox cannot sync until it is; type it here or later on Staff passwords (w) (EX-10)` });
        else add(field.id, { ...issue, message: issue.code === 'MB_SECRET_EMPTY' ? `${field.label}: required; type it here (${issue.rule})` : issue.message });
      }
    }
  }
  const errors = [...byField.values()].flat().concat(unplaced).filter((i) => i.severity === 'error').length;
  return { profile, ...(result.profile ? { parsed: result.profile } : {}), byField, unplaced, errors };
}

/**
 * EX-10 per-user mode in the wizard: one masked field per staff member listed on the sync
 * step, right after the list, named `secret:password:<user>` so the save stores it through
 * `secrets.set` as `password:<user>` — the path the sync account password takes. Fields
 * are derived from the values, not kept in the static field table, because the staff list
 * is typed in the same step. Pure.
 */
import { PER_USER_PASSWORD_ALIAS_PREFIX, perUserPasswordField } from '../../src/profiles/secret-fields.js';
import { splitList, type WizardValues } from './profile-values.js';
import type { FieldSpec, WizardStepId } from './wizard-fields.js';

const SECRET_PREFIX = 'secret:';
const STAFF_PASSWORD_PREFIX = `${SECRET_PREFIX}${PER_USER_PASSWORD_ALIAS_PREFIX}`;

/** The staff members' own password fields of a step (only the sync step has them, only in per-user mode). */
export function staffPasswordFields(step: WizardStepId, values: WizardValues): FieldSpec[] {
  if (step !== 'sync' || values.kind !== 'exchange-onprem' || values['credentials.mode'] !== 'perUser') return [];
  return [...new Set(splitList(values.staff ?? ''))].map((user) => ({
    id: `${STAFF_PASSWORD_PREFIX}${user}`, label: `Password of ${user}`, kind: 'secret', step: 'sync', rule: 'EX-10',
    hint: 'their own password, masked; empty: set it later (Staff passwords, w)',
  }));
}

export function isSecretFieldId(id: string): boolean {
  return id.startsWith(SECRET_PREFIX);
}

export function isStaffPasswordFieldId(id: string): boolean {
  return id.startsWith(STAFF_PASSWORD_PREFIX);
}

/** The name secrets.list reports for a wizard secret field (per-user passwords are stored under a hash of the user). */
export function storedSecretName(fieldId: string): string {
  return isStaffPasswordFieldId(fieldId) ? perUserPasswordField(fieldId.slice(STAFF_PASSWORD_PREFIX.length)) : fieldId.slice(SECRET_PREFIX.length);
}

/**
 * Between the wizard's text values and a profile object: build the profile the agent
 * will validate and store (secrets excluded — they go to `secrets.set`), and read a stored
 * profile back into values for editing. Pure.
 */
import { WIZARD_FIELDS, type FieldSpec } from './wizard-fields.js';

export type WizardValues = Readonly<Record<string, string>>;

/** A `;`-separated list field's entries (staff, folders, shared mailboxes). */
export function splitList(text: string): string[] {
  return text.split(/[;,\n]/).map((s) => s.trim()).filter(Boolean);
}

function toProfileValue(field: FieldSpec, text: string): unknown {
  switch (field.kind) {
    case 'number':
      // A non-number stays text so the profile schema names the field and the problem.
      return /^\s*-?\d+\s*$/.test(text) ? Number(text) : text;
    case 'toggle':
      return text === 'yes';
    case 'list':
      return field.id === 'staff' ? splitList(text).map((user) => ({ user, enabled: true })) : splitList(text);
    default:
      return text;
  }
}

function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const keys = dotted.split('.');
  let node = target;
  for (const key of keys.slice(0, -1)) {
    if (typeof node[key] !== 'object' || node[key] === null) node[key] = {};
    node = node[key] as Record<string, unknown>;
  }
  node[keys[keys.length - 1] ?? dotted] = value;
}

function getPath(source: unknown, dotted: string): unknown {
  let node: unknown = source;
  for (const key of dotted.split('.')) {
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

interface StaffMember {
  user: string;
  enabled?: boolean;
  [key: string]: unknown;
}

/** Staff listed in the wizard are enabled; stored members not listed stay, disabled (EX-15: never lost by an edit). */
function mergeStaff(stored: unknown, listed: string[]): StaffMember[] {
  const before = Array.isArray(stored) ? (stored as StaffMember[]) : [];
  const wanted = new Set(listed.map((u) => u.toLowerCase()));
  const kept = before.map((m) => ({ ...m, enabled: wanted.has(m.user.trim().toLowerCase()) }));
  const known = new Set(before.map((m) => m.user.trim().toLowerCase()));
  return [...kept, ...listed.filter((u) => !known.has(u.toLowerCase())).map((user) => ({ user, enabled: true }))];
}

/**
 * The profile the values describe, for the fields that apply to the chosen mail system.
 * Editing starts from the stored profile, so fields the wizard does not show are kept.
 */
export function buildProfile(values: WizardValues, shown: (field: FieldSpec) => boolean, base?: Record<string, unknown>): Record<string, unknown> {
  const profile: Record<string, unknown> = base ? structuredClone(base) : {};
  for (const field of WIZARD_FIELDS) {
    if (field.kind === 'secret' || !shown(field)) continue;
    const text = values[field.id] ?? '';
    if (field.omitEmpty && text.trim() === '') {
      if (base) setPath(profile, field.id, undefined);
      continue;
    }
    const value = field.id === 'staff' ? mergeStaff(base?.staff, splitList(text)) : toProfileValue(field, text);
    setPath(profile, field.id, value);
  }
  if (values.kind === 'exchange-onprem') setPath(profile, 'credentials.kind', 'password');
  return profile;
}

/** Values for editing a stored profile: every wizard field read back from it. */
export function valuesFromProfile(profile: Record<string, unknown>): Record<string, string> {
  const values: Record<string, string> = {};
  for (const field of WIZARD_FIELDS) {
    if (field.kind === 'secret') continue;
    const value = getPath(profile, field.id);
    if (value === undefined) values[field.id] = field.initial ?? '';
    else if (field.kind === 'toggle') values[field.id] = value ? 'yes' : 'no';
    else if (field.id === 'staff' && Array.isArray(value)) values[field.id] = value.filter((m: { enabled?: boolean }) => m.enabled).map((m: { user: string }) => m.user).join('; ');
    else if (Array.isArray(value)) values[field.id] = value.join('; ');
    else values[field.id] = String(value);
  }
  return values;
}

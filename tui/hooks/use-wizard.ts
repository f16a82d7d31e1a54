/**
 * The setup wizard's state: step and focused field, values and (masked) secrets, which
 * fields were touched, and the save. Editing loads the stored profile and which secrets
 * exist; the draft is kept in the console session, so jumping to another screen and back
 * loses nothing.
 */
import { useEffect, useMemo, useState } from 'react';
import type { AgentClient } from '../../src/protocol/index.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import type { ConsoleSession } from '../state/console-session.js';
import { initialFor, initialValues, fieldsOf, WIZARD_FIELDS, type FieldSpec, type MailSystem } from '../wizard/wizard-fields.js';
import { WIZARD_STEPS } from '../wizard/wizard-steps.js';
import { validateWizard, type WizardValidation } from '../wizard/validate-values.js';
import { valuesFromProfile } from '../wizard/profile-values.js';
import { afterSaveNotices, type Notice, type RunningJobInfo } from '../wizard/save-notices.js';
import { isSecretFieldId, isStaffPasswordFieldId, staffPasswordFields } from '../wizard/staff-password-fields.js';

export type WizardPhase = 'loading' | 'editing' | 'saving' | 'saved' | 'failed';

export interface WizardDraft {
  key: string;
  step: number;
  focus: number;
  values: Record<string, string>;
  secrets: Record<string, string>;
  touched: string[];
  paused: boolean;
  dirty: boolean;
  base?: Record<string, unknown>;
  storedSecrets: string[];
  phase: WizardPhase;
  message?: string;
  notices: Notice[];
}

function freshDraft(key: string, editing: boolean): WizardDraft {
  return { key, step: editing ? 1 : 0, focus: 0, values: initialValues(), secrets: {}, touched: [], paused: false, dirty: false, storedSecrets: [], phase: editing ? 'loading' : 'editing', notices: [] };
}

export interface Wizard {
  draft: WizardDraft;
  fields: FieldSpec[];
  field: FieldSpec | undefined;
  validation: WizardValidation;
  stepErrors: number;
  update(patch: Partial<WizardDraft>): void;
  setValue(id: string, text: string): void;
  editValue(id: string, edit: (old: string) => string): void;
  moveFocus(delta: number): void;
  goStep(delta: number): void;
  save(): Promise<void>;
}

export function useWizard(client: AgentClient, session: ConsoleSession, profileName: string | undefined, jobs: readonly RunningJobInfo[], refresh: () => Promise<void>): Wizard {
  const key = profileName ?? '(new)';
  const [draft, setDraft] = useState<WizardDraft>(() => {
    const saved = session.wizardDraft as WizardDraft | undefined;
    return saved && saved.key === key && saved.phase !== 'saved' ? saved : freshDraft(key, profileName !== undefined);
  });
  useEffect(() => {
    session.wizardDraft = draft;
  }, [draft, session]);

  useEffect(() => {
    if (draft.phase !== 'loading' || profileName === undefined) return;
    void (async () => {
      try {
        const [{ profile }, { fields }] = await Promise.all([client.call('profiles.get', { name: profileName }), client.call('secrets.list', { profile: profileName })]);
        setDraft((d) => ({ ...d, phase: 'editing', values: valuesFromProfile(profile), base: profile, storedSecrets: fields }));
      } catch (error) {
        setDraft((d) => ({ ...d, phase: 'failed', message: (error as Error).message }));
      }
    })();
  }, [client, draft.phase, profileName]);

  const stepId = WIZARD_STEPS[draft.step]?.id ?? 'system';
  const fields = [...fieldsOf(stepId, draft.values), ...staffPasswordFields(stepId, draft.values)];
  const validation = useMemo(
    () => validateWizard(draft.values, draft.secrets, { ...(draft.base ? { base: draft.base } : {}), storedSecrets: new Set(draft.storedSecrets) }),
    [draft.values, draft.secrets, draft.base, draft.storedSecrets],
  );
  const stepErrors = fields.reduce((n, f) => n + (validation.byField.get(f.id) ?? []).filter((i) => i.severity === 'error').length, 0);
  const update = (patch: Partial<WizardDraft>): void => setDraft((d) => ({ ...d, ...patch }));

  // Keys can arrive faster than renders: edits are functions of the latest value, never of a rendered one.
  const editValue = (id: string, edit: (old: string) => string): void => {
    setDraft((d) => {
      const isSecret = isSecretFieldId(id);
      const old = (isSecret ? d.secrets[id] : d.values[id]) ?? '';
      const text = edit(old);
      // Another mail system: fields the operator has not edited take that system's starting value.
      const systemDefaults = id === 'kind' && text !== old
        ? Object.fromEntries(WIZARD_FIELDS.filter((f) => f.initialBySystem && !d.touched.includes(f.id)).map((f) => [f.id, initialFor(f, text as MailSystem)]))
        : {};
      return {
        ...d,
        dirty: true,
        message: undefined,
        touched: d.touched.includes(id) ? d.touched : [...d.touched, id],
        ...(isSecret ? { secrets: { ...d.secrets, [id]: text } } : { values: { ...d.values, ...systemDefaults, [id]: text } }),
      };
    });
  };
  const setValue = (id: string, text: string): void => editValue(id, () => text);

  const moveFocus = (delta: number): void => {
    setDraft((d) => ({ ...d, paused: false, focus: Math.min(Math.max(0, d.focus + delta), Math.max(0, fields.length - 1)) }));
  };

  const goStep = (delta: number): void => {
    if (delta > 0 && stepErrors > 0) {
      // Every field of the step shows its finding once the operator tries to move on.
      setDraft((d) => ({ ...d, touched: [...new Set([...d.touched, ...fields.map((f) => f.id)])], message: `✗ ${stepErrors} field${stepErrors === 1 ? '' : 's'} on this step need${stepErrors === 1 ? 's' : ''} fixing first (marked ✗).` }));
      return;
    }
    setDraft((d) => {
      const step = Math.min(Math.max(0, d.step + delta), WIZARD_STEPS.length - 1);
      // Editing keeps the mail system: a profile does not change kind.
      const floor = d.base ? 1 : 0;
      return { ...d, step: Math.max(floor, step), focus: 0, paused: false, message: undefined };
    });
  };

  const save = async (): Promise<void> => {
    if (validation.errors > 0 || !validation.parsed) {
      update({ message: `✗ ${validation.errors} problem${validation.errors === 1 ? '' : 's'} left: fix them before saving.` });
      return;
    }
    const parsed: Profile = validation.parsed;
    update({ phase: 'saving', message: undefined });
    try {
      const put = await client.call('profiles.put', { profile: validation.profile });
      // A password typed for someone since taken off the staff list (or out of per-user mode) is dropped, not sent.
      const listed = new Set(staffPasswordFields('sync', draft.values).map((f) => f.id));
      for (const [id, value] of Object.entries(draft.secrets)) {
        if (value === '' || (isStaffPasswordFieldId(id) && !listed.has(id))) continue;
        await client.call('secrets.set', { profile: parsed.name, field: id.slice('secret:'.length), value });
      }
      const warnings: Notice[] = put.warnings.map((w) => ({ tone: 'warn', text: `⚠ ${w.message}` }));
      // The troubleshooting session's history tells which fields changed (names only, never secret values).
      const changed = [...WIZARD_FIELDS, ...staffPasswordFields('sync', draft.values)].filter((f) => draft.touched.includes(f.id) && (f.kind === 'secret' || (draft.base ? valuesFromProfile(draft.base)[f.id] : f.initial ?? '') !== draft.values[f.id])).map((f) => f.label);
      session.record(`${draft.base ? 'saved' : 'created'} profile ${parsed.name}${changed.length ? ` (changed: ${changed.join(', ')})` : ''}`);
      setDraft((d) => ({ ...d, phase: 'saved', dirty: false, secrets: {}, notices: [...afterSaveNotices(jobs, parsed), ...warnings] }));
      await refresh();
    } catch (error) {
      const err = error as Error & { fix?: string[]; issues?: Array<{ message: string }> };
      const details = err.issues?.map((i) => i.message) ?? err.fix ?? [];
      setDraft((d) => ({ ...d, phase: 'editing', message: `✗ Save failed: ${err.message}${details.length ? ` — ${details.join('; ')}` : ''}` }));
    }
  };

  return { draft, fields, field: fields[Math.min(draft.focus, fields.length - 1)], validation, stepErrors, update, setValue, editValue, moveFocus, goStep, save };
}

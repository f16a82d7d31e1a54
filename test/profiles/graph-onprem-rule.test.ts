/**
 * EX-7 "use MS Graph" on an on-premises profile: mailbridge syncs on-premises mailboxes
 * through EWS only (no Graph path for hybrid), so `useGraph: true` is a warning instead of
 * being ignored silently. The warning must reach the operator where the other warnings
 * do: the profile's own validation, the wizard's field (validated as typed), the
 * profile.valid check of `mailbridge check`, and the diagnosis knowledge base.
 */
import { describe, expect, it } from 'vitest';
import { runChecks } from '../../agent/checks/runner.js';
import { profileValidCheck } from '../../agent/checks/profile-valid.js';
import { lookup } from '../../src/diagnosis/index.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { valuesFromProfile } from '../../tui/wizard/profile-values.js';
import { validateWizard } from '../../tui/wizard/validate-values.js';
import { onpremInput } from './profile-fixtures.js';

const CODE = 'MB_GRAPH_ONPREM_NOT_SUPPORTED';

describe('useGraph on an on-premises profile (EX-7)', () => {
  it('is a warning that says EWS is used and names the Exchange Online profile as the way to Graph', () => {
    const result = validateProfile(onpremInput({ useGraph: true }));
    expect(result.valid).toBe(true);
    const issues = result.issues.filter((i) => i.code === CODE);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ path: 'useGraph', rule: 'EX-7', severity: 'warning' });
    expect(issues[0]?.message).toMatch(/^useGraph: mailbridge syncs on-premises mailboxes through EWS/);
    expect(issues[0]?.fix).toContain('Exchange Online profile');
  });

  it('is absent with useGraph false, and with Basic the existing error stands alone on the field', () => {
    expect(validateProfile(onpremInput({ useGraph: false })).issues.filter((i) => i.path === 'useGraph')).toEqual([]);
    const basic = validateProfile(onpremInput({ useGraph: true, credentials: { kind: 'password', user: 'svc-sync@contoso.example', authMethod: 'basic' } }));
    expect(basic.issues.filter((i) => i.path === 'useGraph').map((i) => i.code)).toEqual(['MB_GRAPH_WITH_BASIC_AUTH']);
  });

  it('does not refuse the EWS-only public contacts folder (EX-12): the profile still syncs through EWS', () => {
    const result = validateProfile(onpremInput({ useGraph: true, export: { publicFolderAllContacts: true } }));
    expect(result.issues.map((i) => i.code)).not.toContain('MB_PUBLIC_FOLDER_NEEDS_EWS');
    expect(result.issues.map((i) => i.code)).toEqual(expect.arrayContaining([CODE, 'MB_PUBLIC_FOLDER_EXPOSES_CONTACTS']));
  });

  it('is pinned to the wizard\'s "Use MS Graph" field as typed, without blocking the save', () => {
    const values = valuesFromProfile(onpremInput({ useGraph: true }) as Record<string, unknown>);
    expect(values.useGraph).toBe('yes');
    const validation = validateWizard(values, {});
    expect(validation.byField.get('useGraph')?.map((i) => [i.code, i.severity])).toEqual([[CODE, 'warning']]);
    const without = validateWizard({ ...values, useGraph: 'no' }, {});
    expect(without.byField.get('useGraph')).toBeUndefined();
    // A warning adds no error (the only one here is the password not typed yet).
    expect(validation.errors).toBe(without.errors);
  });

  it('makes profile.valid warn (exit 0 unless --strict) with the knowledge-base fix', async () => {
    const report = await runChecks([profileValidCheck(onpremInput({ useGraph: true }))], { target: { server: 'mail.contoso.example', ports: {} } });
    const check = report.checks[0];
    expect(check?.status).toBe('warn');
    expect(check?.summary).toContain('1 warning; first: useGraph:');
    expect(check?.diagnosis?.code).toBe(CODE);
    expect(check?.diagnosis?.fix.some((f) => f.includes('Exchange Online profile'))).toBe(true);
    expect(lookup(CODE)).toMatchObject({ code: CODE, family: 'config' });
  });
});

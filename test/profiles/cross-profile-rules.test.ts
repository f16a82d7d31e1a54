/** Cross-profile lints: one default (MEM-2), unique names, exclusive staff per server (MEM-3). */
import { describe, expect, it } from 'vitest';
import { CROSS_PROFILE_RULES } from '../../src/profiles/cross-profile-rules.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { validateProfile, validateProfileSet } from '../../src/profiles/validate-profile.js';
import { onlineInput, onpremInput } from './profile-fixtures.js';

function parsed(input: unknown): Profile {
  const result = validateProfile(input);
  if (!result.profile) throw new Error(JSON.stringify(result.issues));
  return result.profile;
}

describe('cross-profile rules', () => {
  it('MEM-3: the same enabled user in two profiles on one server is an overlap', () => {
    const a = parsed(onpremInput({ name: 'A', staff: [{ user: 'alice@contoso.example', enabled: true }] }));
    const result = validateProfile(onpremInput({ name: 'B', server: 'MAIL.contoso.example', staff: [{ user: 'bob@contoso.example', enabled: true }, { user: 'Alice@contoso.example', enabled: true }] }), { others: [a] });
    expect(result.valid).toBe(false);
    const issue = result.issues.find((i) => i.code === 'MB_STAFF_OVERLAP');
    expect(issue).toMatchObject({ rule: 'MEM-3', path: 'staff[1].user', profile: 'B' });
    expect(issue?.message).toContain('profile "A"');
  });

  it('MEM-3: different servers, or a user disabled in one profile, do not overlap', () => {
    const a = parsed(onpremInput({ name: 'A' }));
    expect(validateProfile(onpremInput({ name: 'B', server: 'mail2.contoso.example' }), { others: [a] }).valid).toBe(true);
    expect(validateProfile(onpremInput({ name: 'B', staff: [{ user: 'alice@contoso.example', enabled: false }, { user: 'bob@contoso.example', enabled: true }] }), { others: [a] }).valid).toBe(true);
  });

  it('MEM-3: two online profiles on one tenant need exclusive staff too', () => {
    const a = parsed(onlineInput({ name: 'A' }));
    const issues = validateProfile(onlineInput({ name: 'B' }), { others: [a] }).issues;
    expect(issues.map((i) => i.code)).toContain('MB_STAFF_OVERLAP');
  });

  it('MEM-2: a second default profile is refused', () => {
    const a = parsed(onpremInput({ name: 'A', default: true }));
    const result = validateProfile(onlineInput({ name: 'B', default: true }), { others: [a] });
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'MB_MULTIPLE_DEFAULT_PROFILES', rule: 'MEM-2', path: 'default' }));
    // Replacing the default profile itself is no conflict.
    expect(validateProfile(onpremInput({ name: 'A', default: true, intervalMinutes: 20 }), { others: [a] }).valid).toBe(true);
  });

  it('MEM-2: names that differ only in case clash', () => {
    const a = parsed(onpremInput({ name: 'Contoso' }));
    const issues = validateProfile(onlineInput({ name: 'contoso', staff: [] }), { others: [a] }).issues;
    expect(issues.map((i) => i.code)).toContain('MB_PROFILE_NAME_DUPLICATE');
  });

  it('validateProfileSet lints a stored set (hand-edited file with two defaults)', () => {
    const issues = validateProfileSet([parsed(onpremInput({ name: 'A', default: true })), parsed(onlineInput({ name: 'B', default: true }))]);
    expect(issues).toContainEqual(expect.objectContaining({ code: 'MB_MULTIPLE_DEFAULT_PROFILES', profile: 'B' }));
  });

  it('every cross-profile rule is covered above', () => {
    expect(CROSS_PROFILE_RULES.map((r) => r.code).sort()).toEqual(['MB_MULTIPLE_DEFAULT_PROFILES', 'MB_PROFILE_NAME_DUPLICATE', 'MB_STAFF_OVERLAP']);
  });
});

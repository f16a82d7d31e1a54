/**
 * Schema-level findings: missing and unknown fields, unknown kinds, and secret values
 * written into a profile (AG-5) — each with a rule ID and a fix, never echoing a secret.
 */
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { onlineInput, onpremInput } from './profile-fixtures.js';

const KNOWN_SECRET = 'Sup3r-Secret-Value!';

describe('profile structure', () => {
  it('names a missing required field with its rule', () => {
    const input = { ...onpremInput() } as Record<string, unknown>;
    delete input.intervalMinutes;
    const issue = validateProfile(input).issues.find((i) => i.path === 'intervalMinutes');
    expect(issue).toMatchObject({ code: 'MB_FIELD_REQUIRED', rule: 'EX-7', severity: 'error' });
  });

  it('names an unknown (misspelt) field', () => {
    const issues = validateProfile(onpremInput({ intervalMinute: 15 })).issues;
    expect(issues).toContainEqual(expect.objectContaining({ code: 'MB_FIELD_UNKNOWN', path: 'intervalMinute' }));
  });

  it('refuses an unknown kind and says which kinds exist', () => {
    const issues = validateProfile(onpremInput({ kind: 'google' })).issues;
    expect(issues[0]).toMatchObject({ code: 'MB_PROFILE_KIND_UNKNOWN', path: 'kind' });
    expect(issues[0]?.fix).toContain('exchange-onprem');
  });

  it('rejects a wrong type with the field path and rule', () => {
    const issues = validateProfile(onpremInput({ windows: { pastDays: 'seven' } })).issues;
    expect(issues).toContainEqual(expect.objectContaining({ code: 'MB_FIELD_INVALID', path: 'windows.pastDays', rule: 'EX-14' }));
  });

  it('refuses a password value in the profile (AG-5) without echoing it', () => {
    const result = validateProfile(onpremInput({ credentials: { kind: 'password', user: 'svc@contoso.example', password: KNOWN_SECRET } }));
    expect(result.valid).toBe(false);
    expect(result.issues).toContainEqual(expect.objectContaining({ code: 'MB_SECRET_IN_PROFILE', rule: 'AG-5', path: 'credentials.password' }));
    expect(JSON.stringify(result)).not.toContain(KNOWN_SECRET);
  });

  it('refuses a client secret value and a stray secret-looking key', () => {
    const result = validateProfile(onlineInput({ credentials: { kind: 'clientSecret', clientSecret: KNOWN_SECRET }, apiToken: KNOWN_SECRET }));
    const paths = result.issues.filter((i) => i.code === 'MB_SECRET_IN_PROFILE').map((i) => i.path);
    expect(paths.sort()).toEqual(['apiToken', 'credentials.clientSecret']);
    expect(JSON.stringify(result)).not.toContain(KNOWN_SECRET);
  });

  it('still runs every other rule when a secret leaked, so all findings come at once', () => {
    const result = validateProfile(onpremInput({ server: '10.0.0.5', credentials: { kind: 'password', user: 'svc@contoso.example', password: KNOWN_SECRET } }));
    expect(result.issues.map((i) => i.code).sort()).toEqual(['MB_HOST_IS_IP_ADDRESS', 'MB_SECRET_IN_PROFILE']);
    expect(result.valid).toBe(false);
    expect(JSON.stringify(result)).not.toContain(KNOWN_SECRET);
  });

  it('accepts a secret reference with a custom field name', () => {
    const result = validateProfile(onpremInput({ credentials: { kind: 'password', user: 'svc@contoso.example', password: { secret: 'syncPassword' } } }));
    expect(result.valid).toBe(true);
  });

  it('refuses something that is not an object', () => {
    expect(validateProfile([1, 2]).issues[0]?.code).toBe('MB_PROFILE_NOT_OBJECT');
  });
});

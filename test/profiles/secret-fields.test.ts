/** Which secrets each profile needs (data) and the validation of a value as it is set (EX-4, MEM-4). */
import { describe, expect, it } from 'vitest';
import { checkSecretValue, normaliseSecretInput, perUserPasswordField, secretFieldsFor, validateSecretValue } from '../../src/profiles/secret-fields.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { onlineInput, onpremInput } from './profile-fixtures.js';

function parsed(input: unknown): Profile {
  const p = validateProfile(input).profile;
  if (!p) throw new Error('fixture invalid');
  return p;
}

describe('secret fields', () => {
  it('lists the secret fields per kind and credential kind', () => {
    expect(secretFieldsFor(parsed(onpremInput())).map((s) => s.field)).toEqual(['password']);
    expect(secretFieldsFor(parsed(onpremInput({ credentials: { kind: 'clientCertificate', certificateFile: '/etc/mb/c.pem' } }))).map((s) => s.field)).toEqual(['certificateKey']);
    expect(secretFieldsFor(parsed(onlineInput())).map((s) => s.field)).toEqual(['clientSecret']);
    expect(secretFieldsFor(parsed(onlineInput({ credentials: { kind: 'delegated' } })))).toEqual([]);
  });

  it('EX-10 per-user mode adds one password per enabled staff member', () => {
    const p = parsed(onpremInput({ credentials: { kind: 'password', user: 'svc@contoso.example', mode: 'perUser' }, staff: [{ user: 'alice@contoso.example', enabled: true }, { user: 'carol@contoso.example' }] }));
    const field = perUserPasswordField('alice@contoso.example');
    expect(field).toMatch(/^userPassword-[0-9a-f]{16}$/);
    expect(secretFieldsFor(p).map((s) => [s.field, s.alias])).toEqual([['password', undefined], [field, 'password:alice@contoso.example']]);
    // The alias resolves to the store field, whatever the case of the address.
    expect(checkSecretValue(p, 'password:Alice@Contoso.example', 'pw')).toEqual({ storeField: field, issues: [] });
    expect(checkSecretValue(p, 'password:carol@contoso.example', 'pw').issues[0]?.code).toBe('MB_SECRET_FIELD_UNKNOWN');
  });

  it('EX-4: a password over 128 characters is refused, 128 is accepted', () => {
    const p = parsed(onpremInput());
    expect(validateSecretValue(p, 'password', 'x'.repeat(128))).toEqual([]);
    const issues = validateSecretValue(p, 'password', 'y'.repeat(129));
    expect(issues).toEqual([expect.objectContaining({ code: 'MB_PASSWORD_TOO_LONG', rule: 'EX-4', path: 'password' })]);
    expect(issues[0]?.message).toContain('129 characters');
    expect(issues[0]?.message).not.toContain('yyyy');
  });

  it('refuses empty values, unknown fields and a certificate key that is not PEM', () => {
    const p = parsed(onpremInput());
    expect(validateSecretValue(p, 'password', '')[0]?.code).toBe('MB_SECRET_EMPTY');
    expect(validateSecretValue(p, 'pasword', 'x')[0]).toMatchObject({ code: 'MB_SECRET_FIELD_UNKNOWN', fix: 'use one of: password' });
    const cert = parsed(onlineInput({ credentials: { kind: 'clientCertificate', certificateFile: '/etc/mb/app.pem' } }));
    expect(validateSecretValue(cert, 'certificateKey', 'not a key')[0]?.code).toBe('MB_CERTIFICATE_KEY_NOT_PEM');
    expect(validateSecretValue(cert, 'certificateKey', '-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n')).toEqual([]);
  });

  it('strips exactly one trailing newline from stdin', () => {
    expect(normaliseSecretInput('pw\n')).toBe('pw');
    expect(normaliseSecretInput('pw\r\n')).toBe('pw');
    expect(normaliseSecretInput('pw\n\n')).toBe('pw\n');
  });
});

/** EX-9: version, server address, virtual directory and domain trigger a full resync. */
import { describe, expect, it } from 'vitest';
import { changedResyncFields, RESYNC_FIELDS } from '../../src/profiles/resync-fields.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { onpremInput } from './profile-fixtures.js';

const parsed = (input: unknown): Profile => validateProfile(input).profile as Profile;

describe('EX-9 resync fields', () => {
  it('exports the four fields of EX-9 as data', () => {
    expect(RESYNC_FIELDS.map((f) => f.path)).toEqual(['exchangeVersion', 'server', 'virtualDirectory', 'credentials.domain']);
  });

  it('finds the resync fields a save changes, and ignores other fields and case-only changes', () => {
    const before = parsed(onpremInput({ credentials: { kind: 'password', user: 'svc', domain: 'CONTOSO' } }));
    const after = parsed(onpremInput({ server: 'mail2.contoso.example', exchangeVersion: 'Exchange2019', intervalMinutes: 60, credentials: { kind: 'password', user: 'svc', domain: 'FABRIKAM' } }));
    expect(changedResyncFields(before, after)).toEqual(['exchangeVersion', 'server', 'credentials.domain']);
    expect(changedResyncFields(before, parsed(onpremInput({ server: 'MAIL.contoso.example', credentials: { kind: 'password', user: 'svc', domain: 'contoso' } })))).toEqual([]);
    expect(changedResyncFields(undefined, after)).toEqual([]);
  });
});

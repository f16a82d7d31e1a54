// The mail selection on on-premises (EWS) profiles (#7, O365-3, O365-4): the same fields
// and rules as online profiles, nothing selected by default so profiles saved before
// ingestion existed stay valid and ingest nothing.
import { describe, expect, it } from 'vitest';
import { MAIL_SELECTION_RULES } from '../../src/profiles/profile-rules-mail.js';
import { ONLINE_RULES } from '../../src/profiles/profile-rules-online.js';
import { ONPREM_RULES } from '../../src/profiles/profile-rules-onprem.js';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import { onlineInput, onpremInput } from './profile-fixtures.js';

function onprem(overrides: Record<string, unknown>) {
  const result = validateProfile(onpremInput(overrides));
  if (result.profile?.kind !== 'exchange-onprem') throw new Error('expected an on-prem profile');
  return { result, profile: result.profile };
}

describe('on-prem mail selection (O365-3, O365-4)', () => {
  it('defaults to no folders, no Sent Items and no shared mailboxes; an existing profile stays valid', () => {
    const { result, profile } = onprem({});
    expect(result.issues).toEqual([]);
    expect(profile.mail).toEqual({ folders: [], includeSentItems: false });
    expect(profile.sharedMailboxes).toEqual([]);
  });

  it('keeps a chosen selection and re-validates it unchanged', () => {
    const mail = { folders: ['Inbox', 'Inbox/Projects/2026/Q4/Customers'], includeSentItems: true };
    const { result, profile } = onprem({ mail, sharedMailboxes: ['info@contoso.example'] });
    expect(result.valid).toBe(true);
    expect(profile.mail).toEqual(mail);
    expect(profile.sharedMailboxes).toEqual(['info@contoso.example']);
    expect(validateProfile(JSON.parse(JSON.stringify(profile))).profile).toEqual(profile);
  });

  it('shares one rule table with online profiles', () => {
    for (const table of [ONPREM_RULES, ONLINE_RULES]) {
      for (const rule of MAIL_SELECTION_RULES) expect(table).toContain(rule);
    }
  });

  const cases = [
    { title: 'a folder 6 levels deep', overrides: { mail: { folders: ['Inbox/a/b/c/d/e'] } }, code: 'MB_FOLDER_TOO_DEEP', rule: 'O365-3', path: 'mail.folders[0]', severity: 'error' },
    { title: 'an empty folder name', overrides: { mail: { folders: ['Inbox', 'Inbox//Clients'] } }, code: 'MB_FOLDER_PATH_INVALID', rule: 'O365-3', path: 'mail.folders[1]', severity: 'error' },
    { title: 'a shared mailbox that is no address', overrides: { sharedMailboxes: ['info'] }, code: 'MB_SHARED_MAILBOX_ADDRESS_INVALID', rule: 'O365-4', path: 'sharedMailboxes[0]', severity: 'error' },
    { title: 'a shared mailbox listed twice', overrides: { sharedMailboxes: ['info@contoso.example', 'INFO@contoso.example'] }, code: 'MB_SHARED_MAILBOX_DUPLICATE', rule: 'O365-4', path: 'sharedMailboxes[1]', severity: 'warning' },
  ] as const;

  for (const c of cases) {
    it(`reports ${c.title} as ${c.code} on both profile kinds`, () => {
      for (const input of [onpremInput(c.overrides), onlineInput(c.overrides)]) {
        const issues = validateProfile(input).issues;
        expect(issues).toHaveLength(1);
        expect(issues[0]).toMatchObject({ code: c.code, rule: c.rule, path: c.path, severity: c.severity });
        expect(issues[0]?.fix.length).toBeGreaterThan(0);
      }
    });
  }

  it('accepts a folder exactly 5 levels deep', () => {
    expect(onprem({ mail: { folders: ['Inbox/a/b/c/d'] } }).result.valid).toBe(true);
  });

  it('refuses unknown keys in the mail block (a typo is not silently ignored)', () => {
    const result = validateProfile(onpremInput({ mail: { folder: ['Inbox'] } }));
    expect(result.valid).toBe(false);
    expect(result.issues.some((i) => i.path.startsWith('mail') && i.rule === 'O365-3')).toBe(true);
  });
});

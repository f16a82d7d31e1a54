// Pure pieces of the sign-in and staff-passwords screens: reading `mailbridge signin`'s
// prompt, success line and rendered errors (O365-2), and the EX-10 password rows.
import { describe, expect, it } from 'vitest';
import { perUserPasswordField } from '../../src/profiles/secret-fields.js';
import { isPerUserProfile, maskedValue, passwordAlias, passwordProblem, passwordRows } from '../../tui/screens/passwords/password-rows.js';
import { elapsedText, isDelegatedProfile } from '../../tui/screens/signin/signin-text.js';
import { parseDevicePrompt, parseSignedIn, parseSigninFailure } from '../../tui/signin/signin-output.js';
import { staffPasswordFields, storedSecretName } from '../../tui/wizard/staff-password-fields.js';
import { validateWizard } from '../../tui/wizard/validate-values.js';
import { initialValues } from '../../tui/wizard/wizard-fields.js';

describe('signin output (O365-2)', () => {
  it('picks the page and code out of Microsoft\'s sentence', () => {
    const text = 'some log\nTo sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FJ2K9QX7L to authenticate.\n';
    expect(parseDevicePrompt(text)).toEqual({
      verificationUri: 'https://microsoft.com/devicelogin', userCode: 'FJ2K9QX7L',
      message: 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FJ2K9QX7L to authenticate.',
    });
    expect(parseDevicePrompt('To sign in, use a web browser')).toBeUndefined();
  });

  it('reads the signed-in account from stdout', () => {
    expect(parseSignedIn('signed in as anna@contoso.com; validate the connection with: mailbridge check x\n')).toBe('anna@contoso.com');
    expect(parseSignedIn('')).toBeUndefined();
  });

  it('reads an operator error with cause and fix steps, leaving the prompt out', () => {
    const stderr = [
      'To sign in, use a web browser to open the page https://x.example/devicelogin and enter the code ABCD1234 to authenticate.',
      'error: profile p: bob@x.example is not an enabled staff member',
      '  cause: A delegated connection signs in as one of the profile\'s staff members.',
      '  fix:',
      '    1. Add bob@x.example to the profile\'s staff.',
      '    2. Or pick another.',
    ].join('\n');
    const failure = parseSigninFailure(stderr, 2);
    expect(failure.message).toBe('profile p: bob@x.example is not an enabled staff member');
    expect(failure.cause).toContain('signs in as one of');
    expect(failure.fix).toEqual(['Add bob@x.example to the profile\'s staff.', 'Or pick another.']);
    expect(failure.diagnosable).not.toContain('ABCD1234');
  });

  it('reads an internal error without the bug-report line, and names the exit code when nothing was printed', () => {
    const failure = parseSigninFailure('internal error: post_request_failed: authorization_declined\nThis is a bug in mailbridge; please run `mailbridge report`\n', 70);
    expect(failure.message).toBe('post_request_failed: authorization_declined');
    expect(failure.fix).toEqual([]);
    expect(failure.diagnosable).not.toContain('This is a bug');
    expect(parseSigninFailure('', 1).message).toBe('mailbridge signin ended with exit code 1');
  });

  it('knows delegated profiles and counts minutes and seconds', () => {
    expect(isDelegatedProfile({ kind: 'exchange-online', credentials: { kind: 'delegated' } })).toBe(true);
    expect(isDelegatedProfile({ kind: 'exchange-online', credentials: { kind: 'clientSecret' } })).toBe(false);
    expect(elapsedText(7_400)).toBe('0:07');
    expect(elapsedText(750_000)).toBe('12:30');
  });
});

describe('staff password rows (EX-10)', () => {
  const profile = {
    kind: 'exchange-onprem', credentials: { kind: 'password', mode: 'perUser' },
    staff: [{ user: 'a@x.example', enabled: true }, { user: 'b@x.example', enabled: false }, { user: 'C@x.example', enabled: true, displayName: 'C' }],
  };

  it('lists enabled members with whether their own password is stored (field names only)', () => {
    expect(isPerUserProfile(profile)).toBe(true);
    expect(isPerUserProfile({ ...profile, credentials: { kind: 'password', mode: 'impersonation' } })).toBe(false);
    expect(passwordRows(profile, [perUserPasswordField('c@x.example')])).toEqual([
      { user: 'a@x.example', stored: false },
      { user: 'C@x.example', displayName: 'C', stored: true },
    ]);
    expect(passwordAlias('a@x.example')).toBe('password:a@x.example');
  });

  it('refuses an empty or over-long password before sending, and masks with a capped bullet run', () => {
    expect(passwordProblem('')).toMatch(/type the password first/);
    expect(passwordProblem('x'.repeat(129))).toMatch(/at most 128 characters are allowed \(EX-4\)/);
    expect(passwordProblem('fine')).toBeUndefined();
    expect(maskedValue(3)).toBe('•••');
    expect(maskedValue(40)).toBe('•'.repeat(24));
  });
});

describe('wizard staff password fields (EX-10)', () => {
  const values = {
    ...initialValues(), kind: 'exchange-onprem', name: 'p', server: 'mail.p.example', 'credentials.user': 'svc@p.example',
    'credentials.mode': 'perUser', staff: 'a@p.example; b@p.example; a@p.example',
  };

  it('adds one masked field per listed member on the sync step, only in per-user mode', () => {
    expect(staffPasswordFields('sync', values).map((f) => [f.id, f.kind, f.rule])).toEqual([
      ['secret:password:a@p.example', 'secret', 'EX-10'], ['secret:password:b@p.example', 'secret', 'EX-10'],
    ]);
    expect(staffPasswordFields('credentials', values)).toEqual([]);
    expect(staffPasswordFields('sync', { ...values, 'credentials.mode': 'impersonation' })).toEqual([]);
    expect(storedSecretName('secret:password:a@p.example')).toBe(perUserPasswordField('a@p.example'));
    expect(storedSecretName('secret:password')).toBe('password');
  });

  it('warns (does not block the save) on a missing own password, and errors on an over-long one', () => {
    const values2 = { ...values, staff: 'a@p.example; b@p.example' };
    const secrets = { 'secret:password': 'sync-pw', 'secret:password:b@p.example': 'x'.repeat(129) };
    const v = validateWizard(values2, secrets, { storedSecrets: new Set() });
    const a = v.byField.get('secret:password:a@p.example') ?? [];
    expect(a.map((i) => i.severity)).toEqual(['warning']);
    expect(a[0]!.message).toContain('not set yet');
    expect((v.byField.get('secret:password:b@p.example') ?? []).some((i) => i.severity === 'error')).toBe(true);
    const stored = validateWizard(values2, { 'secret:password': 'sync-pw' }, { storedSecrets: new Set([perUserPasswordField('a@p.example'), perUserPasswordField('b@p.example')]) });
    expect(stored.errors).toBe(0);
    expect(stored.byField.get('secret:password:a@p.example')).toBeUndefined();
  });
});

// The console's pure pieces (issue #6): key names from Ink's key events, the footer built
// from a registry, the folder tree (O365-3), ad-hoc server input, wizard findings pinned to
// fields with the profile rules' own messages, and the layering rule (tui/ never imports agent/).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import type { Key } from 'ink';
import { describe, expect, it } from 'vitest';
import { footerText } from '../../tui/components/Footer.js';
import { isPrintable, keyNameOf } from '../../tui/keys/key-name.js';
import type { KeyAction } from '../../tui/keys/key-action.js';
import { folderTreeLines } from '../../tui/screens/setup/FolderTree.js';
import { parseServerInput } from '../../tui/screens/troubleshoot/troubleshoot-target.js';
import { validateWizard } from '../../tui/wizard/validate-values.js';
import { initialValues } from '../../tui/wizard/wizard-fields.js';
import { REPO_ROOT } from '../kit/built-cli.js';

const NO_KEY: Key = {
  upArrow: false, downArrow: false, leftArrow: false, rightArrow: false, pageDown: false, pageUp: false, home: false, end: false,
  return: false, escape: false, ctrl: false, shift: false, tab: false, backspace: false, delete: false, meta: false, super: false, hyper: false, capsLock: false, numLock: false,
} as Key;

describe('key names', () => {
  it('names arrows, enter, escape, tab and shift-tab, and treats DEL as backspace', () => {
    expect(keyNameOf('', { ...NO_KEY, upArrow: true })).toBe('up');
    expect(keyNameOf('\r', { ...NO_KEY, return: true })).toBe('enter');
    expect(keyNameOf('', { ...NO_KEY, escape: true, meta: true })).toBe('escape');
    expect(keyNameOf('\t', { ...NO_KEY, tab: true })).toBe('tab');
    expect(keyNameOf('', { ...NO_KEY, tab: true, shift: true })).toBe('shift-tab');
    expect(keyNameOf('', { ...NO_KEY, delete: true })).toBe('backspace');
    expect(keyNameOf(' ', NO_KEY)).toBe('space');
    expect(keyNameOf('q', NO_KEY)).toBe('q');
    expect(keyNameOf('c', { ...NO_KEY, ctrl: true })).toBeUndefined();
  });

  it('lets text (and a pasted chunk) through to fields, never control keys', () => {
    expect(isPrintable('a', NO_KEY)).toBe(true);
    expect(isPrintable('pasted\nlines', NO_KEY)).toBe(true);
    expect(isPrintable('\u0007', NO_KEY)).toBe(false);
    expect(isPrintable('', { ...NO_KEY, upArrow: true })).toBe(false);
  });
});

describe('footer', () => {
  const run = (): void => undefined;
  const actions: KeyAction[] = [
    { keys: ['enter'], label: 'open', priority: 0, run },
    { keys: ['/'], label: 'filter', priority: 4, run },
    { keys: ['q'], label: 'quit', priority: 3, run },
    { keys: ['x'], label: 'a long action label that will not fit', priority: 9, run },
  ];

  it('shows the keys by priority, always ends with ? help, and never passes the width', () => {
    const text = footerText(actions, 40);
    expect(text).toBe('enter open  q quit  / filter  ? help');
    expect(text.length).toBeLessThanOrEqual(40);
  });

  it('leaves out ? help while a field takes text', () => {
    expect(footerText(actions, 40, true)).not.toContain('? help');
  });
});

describe('folder tree (O365-3)', () => {
  it('draws shared prefixes once and marks levels past 5', () => {
    const lines = folderTreeLines(['Inbox', 'Inbox/Clients', 'Inbox/Clients/Acme/2024/Q1/Week1']);
    expect(lines.map((l) => l.text)).toEqual(['Inbox', '  └ Clients', '    └ Acme', '      └ 2024', '        └ Q1', '          └ Week1 ✗ level 6 > 5']);
    expect(lines.filter((l) => l.tooDeep)).toHaveLength(1);
  });
});

describe('ad-hoc server input', () => {
  it('reads host or host:port and refuses the rest', () => {
    expect(parseServerInput('mail.example.com')).toEqual({ server: 'mail.example.com' });
    expect(parseServerInput('localhost:8443')).toEqual({ server: 'localhost', httpsPort: 8443 });
    expect(parseServerInput('localhost:99999')).toEqual({ error: 'port 99999 is outside 1..65535' });
    expect(parseServerInput('https://x y')).toHaveProperty('error');
  });
});

describe('wizard validation', () => {
  it('pins each finding to its field with the rule message, and checks the password length (EX-4)', () => {
    const values = { ...initialValues(), name: 'acme', server: '10.0.0.5', intervalMinutes: '5', 'credentials.user': 'svc@acme.example' };
    const result = validateWizard(values, { 'secret:password': 'x'.repeat(129) });
    expect(result.byField.get('server')?.[0]).toMatchObject({ rule: 'EX-7', severity: 'error' });
    expect(result.byField.get('intervalMinutes')?.[0]?.message).toContain('shorter than the minimum sync interval of 10');
    expect(result.byField.get('secret:password')?.[0]).toMatchObject({ rule: 'EX-4', code: 'MB_PASSWORD_TOO_LONG' });
    expect(JSON.stringify([...result.byField.values()])).not.toContain('x'.repeat(20));
    expect(result.errors).toBeGreaterThanOrEqual(3);
  });

  it('accepts an empty password when one is stored (editing keeps it)', () => {
    const values = { ...initialValues(), name: 'acme', server: 'mail.acme.example', 'credentials.user': 'svc@acme.example' };
    expect(validateWizard(values, {}, { storedSecrets: new Set(['password']) }).byField.get('secret:password')).toBeUndefined();
    expect(validateWizard(values, {}).byField.get('secret:password')?.[0]?.code).toBe('MB_SECRET_EMPTY');
  });
});

describe('layering', () => {
  it('tui/ never imports agent/ (the console talks to the agent only through src/protocol)', () => {
    const offenders: string[] = [];
    const walk = (dir: string): void => {
      for (const name of readdirSync(dir)) {
        const file = path.join(dir, name);
        if (statSync(file).isDirectory()) walk(file);
        else if (/\.tsx?$/.test(name) && /from '(\.\.\/)+agent\//.test(readFileSync(file, 'utf8'))) offenders.push(path.relative(REPO_ROOT, file));
      }
    };
    walk(path.join(REPO_ROOT, 'tui'));
    expect(offenders).toEqual([]);
  });
});

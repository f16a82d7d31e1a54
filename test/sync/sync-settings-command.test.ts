// The sync-settings and conflicts commands' pure parts (#7, AG-4): flag parsing into the
// sync.settings params (a fraction or a percentage; only named fields), the text views,
// bash/zsh completion generated from the command table, and the --help examples.
import { describe, expect, test } from 'vitest';
import { completionTable } from '../../src/completion/command-tree.js';
import { renderCompletion } from '../../src/completion/render-completion.js';
import { formatConflicts, parseLimit } from '../../src/commands/conflicts.js';
import { formatSettings, settingsRequest } from '../../src/commands/sync-settings.js';
import { OperatorError } from '../../src/errors/operator-error.js';
import { buildProgram } from '../../src/main.js';

describe('sync-settings flags', () => {
  test('no flag reads; each flag sets only its field; 50% and 0.5 are the same share', () => {
    expect(settingsRequest('psa', {})).toEqual({ profile: 'psa' });
    expect(settingsRequest('psa', { massDeleteShare: '50%' })).toEqual({ profile: 'psa', massDeleteShare: 0.5 });
    expect(settingsRequest('psa', { massDeleteShare: '.25', massDeleteMin: '0', conflictPolicy: ' application-wins ' })).toEqual({ profile: 'psa', conflictPolicy: 'application-wins', massDeleteShare: 0.25, massDeleteMin: 0 });
    expect(settingsRequest('psa', { massDeleteShare: '1' }).massDeleteShare).toBe(1);
  });

  test.each([
    [{ conflictPolicy: 'newest' }, '--conflict-policy'],
    [{ massDeleteShare: '0%' }, '--mass-delete-share'],
    [{ massDeleteShare: '101%' }, '--mass-delete-share'],
    [{ massDeleteShare: '' }, '--mass-delete-share'],
    [{ massDeleteMin: '1e3' }, '--mass-delete-min'],
    [{ massDeleteMin: '1000001' }, '--mass-delete-min'],
  ])('%j is an operator error on %s with rule and fix, exit 2', (flags, field) => {
    let caught: unknown;
    try {
      settingsRequest('psa', flags);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(OperatorError);
    expect(caught).toMatchObject({ code: 'MB_SYNC_SETTINGS_BAD_FLAG', field, rule: 'AG-4', exitCode: 2, fix: [expect.stringContaining(field)] });
  });

  test('the text view says what the policy keeps and the guard in percent', () => {
    const text = formatSettings({ profile: 'psa', conflictPolicy: 'application-wins', massDeleteShare: 0.125, massDeleteMin: 4, fullResyncPending: true }, false);
    expect(text).toBe([
      'sync settings of psa:',
      "  conflict policy    application-wins: the application's version is kept",
      "  mass-delete guard  a sync stops and asks before deleting more than 12.5% of a folder's synced items, from 4 deletes on",
      '  full resync        pending (the next sync reads every folder again)',
    ].join('\n'));
  });
});

describe('conflicts flags and view', () => {
  test('--limit defaults to 100 and takes 1..1000', () => {
    expect(parseLimit(undefined)).toBe(100);
    expect(parseLimit('1000')).toBe(1000);
    for (const bad of ['0', '1001', '-5', 'ten']) expect(() => parseLimit(bad)).toThrow(expect.objectContaining({ code: 'MB_CONFLICTS_BAD_FLAG', field: '--limit', exitCode: 2 }));
  });

  test('each conflict: when, who, which item, who won under which policy and why', () => {
    const conflict = {
      id: 1, at: '2026-11-23T10:00:00.000Z', runId: 'r1', mailbox: 'anna@contoso.com', localId: 'L1', remoteId: 'R1', kind: 'appointment',
      policy: 'newest-wins' as const, winner: 'exchange' as const, reason: 'newest-wins: Exchange change is not older', localData: null, remoteData: { subject: 'Boiler' },
      localModified: null, remoteModified: null,
    };
    expect(formatConflicts('psa', { conflicts: [conflict] })).toBe('2026-11-23T10:00:00.000Z  anna@contoso.com  appointment L1 "Boiler"\n  Exchange won (newest-wins): newest-wins: Exchange change is not older');
    expect(formatConflicts('psa', { conflicts: [] })).toBe('no conflicts recorded for psa');
  });
});

describe('completion and help', () => {
  test('bash and zsh completion know both commands and their options', () => {
    const table = completionTable(buildProgram());
    expect(table.find((e) => e.path === '')?.subcommands).toEqual(expect.arrayContaining(['sync-settings', 'conflicts']));
    expect(table.find((e) => e.path === 'sync-settings')?.options).toEqual(['--conflict-policy', '--mass-delete-share', '--mass-delete-min', '--json', '--help']);
    expect(table.find((e) => e.path === 'conflicts')?.options).toEqual(['--limit', '--json', '--help']);
    expect(renderCompletion('zsh', table)).toContain(`'conflicts') words='--limit --json --help'`);
    expect(renderCompletion('bash', table)).toContain('sync-settings');
  });

  test('--help of each command shows examples', () => {
    for (const name of ['sync-settings', 'conflicts']) {
      const command = buildProgram().commands.find((c) => c.name() === name);
      let help = '';
      command?.configureOutput({ writeOut: (s) => (help += s) });
      command?.outputHelp();
      expect(help).toContain('Examples:');
      expect(help).toContain(`mailbridge ${name} "Contoso Exchange 2019"`);
    }
  });
});

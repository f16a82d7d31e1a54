// The `:` palette's tables and filter, pure: which actions exist for which profiles and
// agent state (from the rows, not branches), the order, and filtering as typed (#6).
import { describe, expect, it } from 'vitest';
import { filterCommands } from '../../tui/palette/filter-commands.js';
import { paletteCommands, type PaletteContext } from '../../tui/palette/palette-commands.js';
import type { Place } from '../../tui/state/navigation.js';

function context(patch: Partial<PaletteContext> = {}): PaletteContext & { went: Place[] } {
  const went: Place[] = [];
  return {
    place: { screen: 'dashboard' }, connected: true, canStartAgent: false,
    profiles: [{ name: 'onprem', kind: 'exchange-onprem' }, { name: 'online', kind: 'exchange-online' }],
    methods: new Set(['checks.run', 'sync.run']), screenTitle: 'Dashboard',
    screenActions: [{ keys: ['t'], label: 'troubleshoot', help: 'run the checks of the selected profile', run: () => went.push({ screen: 'troubleshoot' }) }],
    go: (p) => went.push(p), startAgent: () => undefined, syncNow: async (p) => `✓ sync of ${p} started`, help: () => undefined, quit: () => undefined,
    ...patch, went,
  };
}

describe('palette commands', () => {
  it('offers per-profile rows by mail system and by the methods the agent serves', () => {
    const titles = paletteCommands(context()).map((c) => c.title);
    expect(titles).toContain('staff passwords of onprem (EX-10)');
    expect(titles).not.toContain('staff passwords of online (EX-10)');
    expect(titles).toContain('sign in staff of online (O365-2)');
    expect(titles).not.toContain('sign in staff of onprem (O365-2)');
    expect(titles).toContain('sync now: onprem');
    expect(titles).toContain('go to Sync & logs');
    expect(titles).toContain('Dashboard: troubleshoot — run the checks of the selected profile');
    expect(titles).toContain('quit the console');
    const older = paletteCommands(context({ methods: new Set() })).map((c) => c.title);
    expect(older).not.toContain('sync now: onprem');
    expect(older).not.toContain('run checks of onprem');
  });

  it('puts the current profile first and start agent on top when no agent runs', () => {
    const titles = paletteCommands(context({ place: { screen: 'staff', profile: 'online' } })).map((c) => c.title);
    expect(titles.indexOf('edit online (setup wizard)')).toBeLessThan(titles.indexOf('edit onprem (setup wizard)'));
    const absent = paletteCommands(context({ connected: false, canStartAgent: true, profiles: [] })).map((c) => c.title);
    expect(absent[0]).toBe('start agent in the background');
    expect(absent).not.toContain('new integration (setup wizard)');
    expect(absent).toContain('go to Dashboard');
  });

  it('runs navigation and returns the outcome of sync now', async () => {
    const ctx = context();
    const commands = paletteCommands(ctx);
    commands.find((c) => c.title === 'staff passwords of onprem (EX-10)')!.run();
    expect(ctx.went.at(-1)).toEqual({ screen: 'passwords', profile: 'onprem' });
    const outcome = await commands.find((c) => c.title === 'sync now: online')!.run();
    expect(outcome).toBe('✓ sync of online started');
    expect(ctx.went.at(-1)).toEqual({ screen: 'sync', profile: 'online' });
  });
});

describe('palette filter', () => {
  const commands = paletteCommands(context());

  it('keeps titles holding every typed word, word starts first, table order otherwise', () => {
    expect(filterCommands(commands, '').length).toBe(commands.length);
    expect(filterCommands(commands, 'SYNC now').map((c) => c.title)).toEqual(['sync now: onprem', 'sync now: online']);
    // A word start ("s" of Setup) ranks before the same letters inside a word (Troubleshoot, Diagnose).
    const go = filterCommands(commands, 'go s').map((c) => c.title);
    expect(go.slice(0, 3)).toEqual(['go to Setup', 'go to Staff', 'go to Sync & logs']);
    expect(go.slice(3)).toEqual(expect.arrayContaining(['go to Troubleshoot', 'go to Diagnose']));
    expect(filterCommands(commands, 'qqq')).toEqual([]);
  });
});

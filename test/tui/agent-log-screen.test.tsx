// The Sync & logs screen's log pane against a real agent child (issue #6 follow-up): the
// agent's own log lines at 80×24, new ones arriving live, pause with lines counted below,
// follow again, scrolling, the level filter down to debug, and the keys in the `?` overlay.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../../src/protocol/index.js';
import { mergeLogRecords } from '../../tui/hooks/use-agent-log.js';
import { logLineText } from '../../tui/sync/log-line-text.js';
import { linesBelow, scrollLog, visibleLines } from '../../tui/sync/log-scroll.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { KEYS, renderConsole } from './kit/console-harness.js';

let w: TempEnv;
let agent: AgentProcess;

beforeAll(async () => {
  w = createTempEnv({ MAILBRIDGE_LOG_LEVEL: 'debug', MAILBRIDGE_LOG_FORMAT: 'json', MAILBRIDGE_SYNC_SCHEDULE: 'off' });
  agent = await startAgent(w);
});

afterAll(async () => {
  await agent?.stop('SIGKILL');
  w?.cleanup();
});

const reloads = (frame: string): number => frame.split('SIGHUP: reloading profiles').length - 1;

describe('sync & logs: the agent log pane', () => {
  it('shows the agent log live at 80×24, pauses, follows, scrolls and filters by level', async () => {
    const ui = await renderConsole({ socketPath: w.socketPath, env: w.env, initial: { screen: 'sync' } });
    try {
      await ui.waitFor('[progress]');
      await ui.press(KEYS.tab, KEYS.tab);
      const first = await ui.waitFor(/Agent log: Level ≥ info · following · \d+ lines · agent logs at debug/);
      expect(first).toMatch(/\d\d:\d\d:\d\d info {2}agent ready/);
      expect(first).not.toMatch(/ debug /);
      for (const line of first.split('\n')) expect([...line].length).toBeLessThanOrEqual(80);

      // A line the agent logs while the pane is open arrives without a key press.
      agent.child.kill('SIGHUP');
      const live = await ui.waitFor('SIGHUP: reloading profiles');
      await ui.waitFor('profiles reload finished');

      await ui.press('p');
      const pausedAt = reloads(await ui.waitFor(/· paused ·/));
      expect(pausedAt).toBeGreaterThanOrEqual(reloads(live));
      agent.child.kill('SIGHUP');
      const paused = await ui.waitFor(/paused, \d+ new below/);
      // What the operator reads stays put: the new reload is counted below, not shown.
      expect(reloads(paused)).toBe(pausedAt);
      expect(paused).toMatch(/p\/space follow/);
      await ui.press('G');
      const following = await ui.waitFor((f) => f.includes('· following ·') && reloads(f) > pausedAt);
      expect(following).toMatch(/p\/space pause/);

      await ui.press('f', 'f', 'f');
      await ui.waitFor('Level ≥ debug');
      const client = await connectAgent({ socketPath: w.socketPath });
      await client.call('profiles.list');
      client.close();
      await ui.waitFor(/debug request {2}connection=\d+ method=profiles\.list/);

      // More lines than rows now (every request is logged at debug): one line up pauses there.
      await ui.press('k');
      await ui.waitFor(/paused, [1-9]\d* new below/);
      await ui.press('g');
      await ui.waitFor(/\d\d:\d\d:\d\d info {2}store opened/);
      await ui.press('G');
      await ui.waitFor('· following ·');

      await ui.press('?');
      const help = await ui.waitFor('pause the agent log');
      expect(help).toContain('jump to the newest line and follow');
      expect(help).toContain('scroll the log up one page');
      expect(help).toContain('cycle the lowest level shown: info, warn, error, debug');
    } finally {
      ui.unmount();
    }
  });
});

describe('log pane helpers', () => {
  const lines = [1, 2, 3, 4, 5, 6].map((cursor) => ({ cursor }));

  it('keeps an anchored view where it is while lines arrive, and counts them', () => {
    const anchor = scrollLog(lines, undefined, 3, -1);
    expect(anchor).toBe(5);
    const grown = [...lines, { cursor: 7 }, { cursor: 8 }];
    expect(visibleLines(grown, anchor, 3).map((l) => l.cursor)).toEqual([3, 4, 5]);
    expect(linesBelow(grown, anchor)).toBe(3);
    expect(visibleLines(grown, undefined, 3).map((l) => l.cursor)).toEqual([6, 7, 8]);
    expect(visibleLines(grown, scrollLog(grown, anchor, 3, -99), 3).map((l) => l.cursor)).toEqual([1, 2, 3]);
    // Paused while everything fits: later lines wait below all the same.
    expect(visibleLines(grown, 2, 5).map((l) => l.cursor)).toEqual([1, 2]);
    expect(scrollLog(lines.slice(0, 2), 2, 5, -1)).toBe(2);
  });

  it('merges the backlog and live records by cursor, dropping repeats and keeping the newest', () => {
    const record = (cursor: number) => ({ cursor, time: '2026-11-23T10:00:00.000Z', level: 'info' as const, msg: `m${cursor}` });
    const merged = mergeLogRecords([record(1), record(2)], [record(2), record(3), record(1), record(4)], 3);
    expect(merged.map((r) => r.cursor)).toEqual([2, 3, 4]);
  });

  it('renders one record as one line cut to the width', () => {
    const text = logLineText({ time: '2026-11-23T10:11:12.000Z', level: 'warn', msg: 'folder failed', profile: 'acme', fields: { err: { message: 'boom' }, runId: 'r1' } }, 80);
    expect(text).toBe('10:11:12 warn  acme: folder failed  err=boom runId=r1');
    expect([...logLineText({ time: '2026-11-23T10:11:12.000Z', level: 'info', msg: 'x'.repeat(200) }, 80)]).toHaveLength(80);
  });
});

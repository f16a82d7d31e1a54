// What the wizard says around a save (EX-6, EX-9) and how the dashboard table fits 80
// columns: pure functions, tested without rendering.
import { describe, expect, it } from 'vitest';
import { validateProfile } from '../../src/profiles/validate-profile.js';
import type { Profile } from '../../src/profiles/profile-schema.js';
import { layoutColumns } from '../../tui/layout/table-layout.js';
import { PROFILE_COLUMNS } from '../../tui/screens/dashboard/profile-rows.js';
import { afterSaveNotices, beforeSaveNotices } from '../../tui/wizard/save-notices.js';

function profile(overrides: Record<string, unknown> = {}): Profile {
  const result = validateProfile({
    kind: 'exchange-onprem', name: 'acme', server: 'mail.acme.example', intervalMinutes: 15,
    credentials: { kind: 'password', user: 'svc@acme.example' }, staff: [{ user: 'a@acme.example', enabled: true }], ...overrides,
  });
  if (!result.profile) throw new Error(JSON.stringify(result.issues));
  return result.profile;
}

describe('save notices', () => {
  it('says the change is queued while a sync of the profile runs (EX-9)', () => {
    const jobs = [{ kind: 'sync', profile: 'acme' }];
    const after = afterSaveNotices(jobs, profile());
    expect(after.map((n) => n.text).join('\n')).toContain('A sync of acme is running: your change is queued and applies when it ends (EX-9)');
    const before = beforeSaveNotices(jobs, profile(), profile());
    expect(before.map((n) => n.text).join('\n')).toContain('saving queues the change');
  });

  it('says nothing about a queue when only a check or another profile runs', () => {
    const after = afterSaveNotices([{ kind: 'checks', profile: 'acme' }, { kind: 'sync', profile: 'globex' }], profile());
    expect(after.map((n) => n.text).join('\n')).not.toContain('queued');
  });

  it('names the resync fields a save changes (EX-9) and nothing for a new profile', () => {
    const notices = beforeSaveNotices([], profile(), profile({ server: 'mail2.acme.example', virtualDirectory: '/ews2' }));
    expect(notices[0]?.text).toBe('⚠ Changing Exchange server address, virtual directory resyncs all items on save (EX-9).');
    expect(beforeSaveNotices([], undefined, profile())).toEqual([]);
  });

  it('tells a disabled save that nothing syncs until enabled (EX-6)', () => {
    expect(afterSaveNotices([], profile({ enabled: false })).map((n) => n.text)).toContain('– Saved disabled: nothing syncs until you enable it (EX-6).');
  });
});

describe('dashboard column layout', () => {
  it('keeps every column at 80 and drops the least important ones first when narrower', () => {
    const at80 = layoutColumns(PROFILE_COLUMNS, 80);
    expect(at80.map((c) => c.key)).toEqual(['name', 'kind', 'server', 'enabled', 'health', 'lastSync', 'nextSync']);
    expect(2 + at80.reduce((n, c) => n + c.width, 0) + at80.length - 1).toBeLessThanOrEqual(80);
    const at60 = layoutColumns(PROFILE_COLUMNS, 60).map((c) => c.key);
    expect(at60).not.toContain('nextSync');
    expect(at60).toContain('name');
    expect(at60).toContain('health');
  });
});

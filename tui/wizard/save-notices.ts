/**
 * What the operator is told around a save: which changed fields resync everything (EX-9),
 * that the change is queued while a sync runs (EX-9, "we do better" than refusing), and
 * when sync starts (EX-6). Pure: given the running jobs and the before/after profiles.
 */
import type { Profile } from '../../src/profiles/profile-schema.js';
import { changedResyncFields, RESYNC_FIELDS } from '../../src/profiles/resync-fields.js';

export interface RunningJobInfo {
  kind: string;
  profile?: string;
}

export interface Notice {
  tone: 'ok' | 'warn' | 'error';
  text: string;
}

/** The sync running for this profile now, if any. */
export function runningSync(jobs: readonly RunningJobInfo[], profile: string): RunningJobInfo | undefined {
  return jobs.find((j) => j.kind.startsWith('sync') && (j.profile === undefined || j.profile === profile));
}

export function resyncWarning(before: Profile | undefined, after: Profile): Notice | undefined {
  const changed = changedResyncFields(before, after);
  if (changed.length === 0) return undefined;
  const labels = changed.map((path) => RESYNC_FIELDS.find((f) => f.path === path)?.label ?? path);
  return { tone: 'warn', text: `⚠ Changing ${labels.join(', ')} resyncs all items on save (EX-9).` };
}

/** Notices shown on the summary, before saving. */
export function beforeSaveNotices(jobs: readonly RunningJobInfo[], before: Profile | undefined, after: Profile): Notice[] {
  const notices: Notice[] = [];
  const resync = resyncWarning(before, after);
  if (resync) notices.push(resync);
  if (runningSync(jobs, after.name)) notices.push({ tone: 'warn', text: `⚠ A sync of ${after.name} is running: saving queues the change; it applies when that sync ends (EX-9).` });
  return notices;
}

/** Notices shown after a successful save. */
export function afterSaveNotices(jobs: readonly RunningJobInfo[], profile: Profile): Notice[] {
  const notices: Notice[] = [{ tone: 'ok', text: `✓ Saved profile ${profile.name}.` }];
  if (runningSync(jobs, profile.name)) {
    notices.push({ tone: 'warn', text: `⚠ A sync of ${profile.name} is running: your change is queued and applies when it ends (EX-9).` });
  }
  notices.push(profile.enabled
    ? { tone: 'ok', text: `Enabled: the agent syncs it every ${profile.intervalMinutes} minutes from now on (EX-6).` }
    : { tone: 'warn', text: '– Saved disabled: nothing syncs until you enable it (EX-6).' });
  return notices;
}

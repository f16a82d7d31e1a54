/**
 * The dashboard's rows: a profile summary plus what the console knows of its health
 * (the last check run this session) and its sync times from the agent's sync.overview
 * (last finished run with its result, next scheduled run), as cells of text. Pure, so the
 * wording is tested without rendering.
 */
import type { CheckReport } from '../../../src/checks/check-report.js';
import type { ProfileSummary } from '../../../src/protocol/index.js';
import type { ProfileSyncOverview } from '../../hooks/use-sync-overview.js';
import type { ColumnSpec } from '../../layout/table-layout.js';
import { compactTime, resultMark } from '../../sync/sync-time-text.js';

export const PROFILE_COLUMNS: readonly ColumnSpec[] = [
  { key: 'name', header: 'NAME', priority: 0, min: 10, max: 18 },
  { key: 'kind', header: 'KIND', priority: 1, min: 7, max: 7 },
  { key: 'server', header: 'SERVER', priority: 2, min: 12, max: 30 },
  { key: 'enabled', header: 'ENABLED', priority: 1, min: 7, max: 7 },
  { key: 'health', header: 'HEALTH', priority: 0, min: 11, max: 12 },
  { key: 'lastSync', header: 'LAST SYNC', priority: 3, min: 9, max: 9 },
  { key: 'nextSync', header: 'NEXT SYNC', priority: 4, min: 9, max: 9 },
];

const KIND_WORDS: Record<string, string> = { 'exchange-onprem': 'on-prem', 'exchange-online': 'online' };

export function healthText(report: CheckReport | undefined): string {
  if (!report) return '– unchecked';
  const { fail, warn, pass } = report.summary;
  if (fail > 0) return `✗ ${fail} fail`;
  if (warn > 0) return `⚠ ${warn} warn`;
  return `✓ ${pass} pass`;
}

/** Last and next sync cells; `overview` undefined means the agent does not report sync times. */
export function syncCells(profile: ProfileSummary, overview: ProfileSyncOverview | null | undefined, now: Date): { lastSync: string; nextSync: string } {
  if (overview === undefined) return { lastSync: '– n/a', nextSync: '– n/a' };
  const last = overview?.lastRun;
  const lastSync = last?.finishedAt ? `${resultMark(last.result)} ${compactTime(last.finishedAt, now)}` : '– none';
  let nextSync: string;
  if (overview?.running) nextSync = '… now';
  else if (overview?.nextRunAt) nextSync = compactTime(overview.nextRunAt, now);
  else nextSync = profile.enabled ? '– none' : '– off';
  return { lastSync, nextSync };
}

export function profileRow(profile: ProfileSummary, report: CheckReport | undefined, overview?: ProfileSyncOverview | null, now = new Date()): Record<string, string> {
  return {
    name: profile.default ? `${profile.name} *` : profile.name,
    kind: KIND_WORDS[profile.kind] ?? profile.kind,
    server: profile.server ?? '–',
    enabled: profile.enabled ? 'yes' : 'no',
    health: healthText(report),
    ...syncCells(profile, overview, now),
  };
}

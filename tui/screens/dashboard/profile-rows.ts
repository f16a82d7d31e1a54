/**
 * The dashboard's rows: a profile summary plus what the console knows of its health
 * (the last check run this session) and its sync times (none until the sync engine runs),
 * as cells of text. Pure, so the wording is tested without rendering.
 */
import type { CheckReport } from '../../../src/checks/check-report.js';
import type { ProfileSummary } from '../../../src/protocol/index.js';
import type { ColumnSpec } from '../../layout/table-layout.js';

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

export function profileRow(profile: ProfileSummary, report: CheckReport | undefined): Record<string, string> {
  return {
    name: profile.default ? `${profile.name} *` : profile.name,
    kind: KIND_WORDS[profile.kind] ?? profile.kind,
    server: profile.server ?? '–',
    enabled: profile.enabled ? 'yes' : 'no',
    health: healthText(report),
    lastSync: '– none',
    nextSync: '– n/a',
  };
}

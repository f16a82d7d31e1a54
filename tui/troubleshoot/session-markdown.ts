/**
 * The Markdown a troubleshooting session exports for a ticket: the whole story (each run,
 * re-run and change, with times) and then the last report in full, rendered by the same
 * renderer as `mailbridge check --format markdown`. Pure.
 */
import type { CheckReport } from '../../src/checks/check-report.js';
import { renderMarkdown } from '../../src/checks/render-markdown.js';
import type { SessionEvent } from '../state/console-session.js';

export function sessionMarkdown(target: string, history: readonly SessionEvent[], report: CheckReport | undefined): string {
  const lines = [
    `# mailbridge troubleshooting session: ${target}`,
    '',
    '## What happened',
    '',
    ...history.map((e) => `- ${e.at.toISOString()} — ${e.text}`),
    '',
  ];
  if (report) lines.push('## Last check report', '', renderMarkdown(report));
  return `${lines.join('\n')}\n`;
}

/** "✗ 1 fail, ⚠ 1 warn, ✓ 8 pass, – 1 skip" for the history lines. */
export function summaryWords(report: CheckReport): string {
  const { fail, warn, pass, skip } = report.summary;
  return [fail && `✗ ${fail} fail`, warn && `⚠ ${warn} warn`, `✓ ${pass} pass`, skip && `– ${skip} skip`].filter(Boolean).join(', ');
}

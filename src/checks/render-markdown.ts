/**
 * The Markdown rendering of a check report: fit to paste into a ticket (verdict, a table
 * of checks, then cause and fix steps for each warning and failure, first failure first).
 */
import type { CheckReport, CheckResult } from './check-report.js';
import { reportVerdict } from './report-verdict.js';
import { formatDuration, STATUS_SYMBOL } from './render-text.js';

const STATUS_WORD = { pass: 'pass', warn: 'warn', fail: 'FAIL', skip: 'skip' } as const;

/** Pipes and newlines would break a table cell. */
function cell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

function section(check: CheckResult): string[] {
  if (!check.diagnosis) return [];
  const { code, family, cause, fix } = check.diagnosis;
  return [
    `### ${STATUS_SYMBOL[check.status]} \`${check.id}\` — ${check.title}`,
    '',
    `**${check.summary}**`,
    '',
    `Code \`${code}\` (${family}). ${cause}`,
    '',
    ...fix.map((step, i) => `${i + 1}. ${step}`),
    '',
  ];
}

export function renderMarkdown(report: CheckReport): string {
  const verdict = reportVerdict(report);
  const t = report.target;
  const target = [t.profile ? `profile \`${t.profile}\`` : undefined, t.server ? `server \`${t.server}\`` : undefined].filter(Boolean).join(', ');
  const lines = [
    `## mailbridge check: ${verdict.line}`,
    '',
    `${target || 'Target'} — started ${report.startedAt}, ${formatDuration(report.durationMs)}; ${report.summary.pass} passed, ${report.summary.warn} warned, ${report.summary.fail} failed, ${report.summary.skip} skipped.`,
    '',
    '| | Check | Result | Summary | Time |',
    '|---|---|---|---|---|',
    ...report.checks.map((c) => `| ${STATUS_SYMBOL[c.status]} | \`${c.id}\` | ${STATUS_WORD[c.status]} | ${cell(c.summary)} | ${formatDuration(c.durationMs)} |`),
    '',
    ...(verdict.firstFailure ? section(verdict.firstFailure) : []),
    ...verdict.others.flatMap(section),
  ];
  return `${lines.join('\n').trimEnd()}\n`;
}

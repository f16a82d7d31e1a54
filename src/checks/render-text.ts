/**
 * The text rendering of a check report, readable in 80 columns over SSH: the verdict line,
 * one line per check (✓ ⚠ ✗ – and the duration — never colour alone), then the first
 * failure's cause and fix steps, then the other warnings and failures.
 */
import type { CheckReport, CheckResult, CheckStatus } from './check-report.js';
import { reportVerdict } from './report-verdict.js';

export const STATUS_SYMBOL: Readonly<Record<CheckStatus, string>> = { pass: '✓', warn: '⚠', fail: '✗', skip: '–' };

const WIDTH = 80;

function clip(text: string, width: number): string {
  return text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`;
}

/** Greedy word wrap with a hanging indent. */
export function wrap(text: string, width: number, indent: string, firstIndent = indent): string[] {
  const lines: string[] = [];
  let line = firstIndent;
  for (const word of text.split(/\s+/).filter(Boolean)) {
    const prefix = line === firstIndent || line === indent ? line : `${line} `;
    if (prefix.length + word.length > width && line.trim().length > 0) {
      lines.push(line);
      line = `${indent}${word}`;
    } else {
      line = `${prefix}${word}`;
    }
  }
  if (line.trim().length > 0) lines.push(line);
  return lines;
}

export function formatDuration(ms: number): string {
  return ms < 1000 ? `${ms} ms` : `${(ms / 1000).toFixed(1)} s`;
}

function checkLine(check: CheckResult, idWidth: number): string {
  const duration = check.status === 'skip' && check.durationMs === 0 ? '' : formatDuration(check.durationMs);
  const head = `${STATUS_SYMBOL[check.status]} ${check.id.padEnd(idWidth)} `;
  const room = WIDTH - head.length - duration.length - 1;
  return `${head}${clip(check.summary, room).padEnd(room)} ${duration}`.trimEnd();
}

function diagnosisBlock(check: CheckResult, heading: string): string[] {
  if (!check.diagnosis) return [];
  const { code, cause, fix } = check.diagnosis;
  return [
    ...wrap(`${heading} ${check.id} [${code}]: ${check.summary}`, WIDTH, '  ', ''),
    ...wrap(cause, WIDTH, '  '),
    ...fix.flatMap((step, i) => wrap(step, WIDTH, '     ', `  ${i + 1}. `)),
  ];
}

function targetLine(report: CheckReport): string {
  const t = report.target;
  const what = [t.profile ? `profile ${t.profile}` : undefined, t.server ? `server ${t.server}` : undefined].filter(Boolean).join(', ');
  const s = report.summary;
  return `${what || 'target'} · ${s.pass} passed, ${s.warn} warned, ${s.fail} failed, ${s.skip} skipped · ${formatDuration(report.durationMs)}`;
}

export function renderText(report: CheckReport): string {
  const verdict = reportVerdict(report);
  const idWidth = Math.min(18, Math.max(...report.checks.map((c) => c.id.length), 8));
  const lines = [
    ...wrap(verdict.line, WIDTH, '  ', ''),
    clip(targetLine(report), WIDTH),
    '',
    ...report.checks.map((c) => checkLine(c, idWidth)),
  ];
  if (verdict.firstFailure) lines.push('', ...diagnosisBlock(verdict.firstFailure, 'First failure —'));
  for (const other of verdict.others) lines.push('', ...diagnosisBlock(other, other.status === 'fail' ? 'Also failed —' : 'Warning —'));
  return `${lines.join('\n')}\n`;
}

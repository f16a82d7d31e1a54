/**
 * The JUnit XML rendering of a check report, for CI dashboards: one testcase per check;
 * fail → <failure> (and warn too under --strict), skip → <skipped>, warn otherwise passes
 * with the warning in <system-out>. The diagnosis code is the failure `type`.
 */
import type { CheckReport, CheckResult } from './check-report.js';
import { reportVerdict } from './report-verdict.js';

const XML_ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' };

export function xmlEscape(text: string): string {
  // Characters XML 1.0 cannot carry at all are dropped rather than escaped.
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '').replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c);
}

function seconds(ms: number): string {
  return (ms / 1000).toFixed(3);
}

function body(check: CheckResult): string {
  const d = check.diagnosis;
  return d ? [check.summary, '', d.cause, ...d.fix.map((s, i) => `${i + 1}. ${s}`)].join('\n') : check.summary;
}

function testcase(check: CheckResult, strict: boolean): string {
  const open = `    <testcase classname="mailbridge.check" name="${xmlEscape(check.id)}" time="${seconds(check.durationMs)}">`;
  const asFailure = check.status === 'fail' || (strict && check.status === 'warn');
  if (asFailure) {
    return `${open}\n      <failure message="${xmlEscape(check.summary)}" type="${xmlEscape(check.diagnosis?.code ?? 'UNKNOWN')}">${xmlEscape(body(check))}</failure>\n    </testcase>`;
  }
  if (check.status === 'skip') return `${open}\n      <skipped message="${xmlEscape(check.summary)}"/>\n    </testcase>`;
  if (check.status === 'warn') return `${open}\n      <system-out>${xmlEscape(`WARNING [${check.diagnosis?.code ?? ''}] ${body(check)}`)}</system-out>\n    </testcase>`;
  return `${open}</testcase>`;
}

export function renderJunit(report: CheckReport, options: { strict?: boolean } = {}): string {
  const strict = options.strict ?? false;
  const failures = report.summary.fail + (strict ? report.summary.warn : 0);
  const name = xmlEscape(`mailbridge check ${report.target.profile ?? report.target.server ?? ''}`.trim());
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="mailbridge" tests="${report.checks.length}" failures="${failures}" errors="0" skipped="${report.summary.skip}" time="${seconds(report.durationMs)}">`,
    `  <testsuite name="${name}" tests="${report.checks.length}" failures="${failures}" errors="0" skipped="${report.summary.skip}" time="${seconds(report.durationMs)}" timestamp="${xmlEscape(report.startedAt)}">`,
    `    <properties><property name="verdict" value="${xmlEscape(reportVerdict(report).line)}"/></properties>`,
    ...report.checks.map((c) => testcase(c, strict)),
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}

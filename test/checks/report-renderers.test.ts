// Report schema and renderers (#4): the JSON report validates against the schema in
// src/checks/ and the schema refuses what the contract forbids; text fits 80 columns with
// the verdict first; Markdown and JUnit carry every check.
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { describe, expect, it } from 'vitest';
import { diagnosisFor } from '../../agent/checks/check-diagnosis.js';
import { CHECK_REPORT_SCHEMA, checkReportSchema, summarize, type CheckReport, type CheckResult } from '../../src/checks/check-report.js';
import { renderReport } from '../../src/checks/render-report.js';
import type { CheckId } from '../../src/checks/check-ids.js';
import { reportExitCode, reportVerdict } from '../../src/checks/report-verdict.js';

function result(id: CheckId, status: CheckResult['status'], summary: string, code?: string): CheckResult {
  return { id, title: id.replace('.', ' '), status, durationMs: 12, summary, details: {}, diagnosis: code ? diagnosisFor(code) : null };
}

function report(checks: CheckResult[]): CheckReport {
  return { schema: CHECK_REPORT_SCHEMA, target: { server: 'mail.example.test' }, startedAt: '2026-11-23T11:00:00.000Z', durationMs: 345, summary: summarize(checks), checks };
}

const FAILING = report([
  result('dns.resolve', 'pass', '127.0.0.1 in 1 ms'),
  result('tcp.443', 'pass', 'open on 127.0.0.1'),
  result('tcp.80', 'warn', 'refused (nothing listening, or rejected by a firewall); no HTTP→HTTPS redirect possible (EX-2)', 'MB_HTTP_PORT_CLOSED'),
  result('tls.handshake', 'pass', 'TLSv1.3, TLS_AES_256_GCM_SHA384'),
  result('tls.trust', 'fail', 'self-signed certificate (CN=mail.example.test) & a "very" long tail that cannot fit in eighty columns at all', 'DEPTH_ZERO_SELF_SIGNED_CERT'),
  result('tls.hostname', 'pass', 'mail.example.test matches DNS:mail.example.test'),
  result('ews.endpoint', 'skip', 'not run: tls.trust failed'),
]);

describe('check report schema', () => {
  it('accepts a report and its JSON rendering round-trips through it', () => {
    const json = renderReport(FAILING, 'json');
    expect(checkReportSchema.parse(JSON.parse(json))).toEqual(FAILING);
  });

  it.each([
    ['a warn without a diagnosis', (r: CheckReport) => ({ ...r, checks: r.checks.map((c) => (c.status === 'warn' ? { ...c, diagnosis: null } : c)) })],
    ['a pass with a diagnosis', (r: CheckReport) => ({ ...r, checks: r.checks.map((c) => (c.status === 'pass' ? { ...c, diagnosis: diagnosisFor('ECONNREFUSED') } : c)) })],
    ['an unknown check id', (r: CheckReport) => ({ ...r, checks: [...r.checks.slice(0, -1), { ...r.checks.at(-1)!, id: 'ews.magic' }] })],
    ['summary counts that do not add up', (r: CheckReport) => ({ ...r, summary: { ...r.summary, pass: 99 } })],
    ['another schema version', (r: CheckReport) => ({ ...r, schema: 'mailbridge.check-report/v2' })],
    ['an extra top-level field', (r: CheckReport) => ({ ...r, verdict: 'x' })],
    ['a status outside pass|warn|fail|skip', (r: CheckReport) => ({ ...r, checks: r.checks.map((c, i) => (i === 0 ? { ...c, status: 'ok' } : c)) })],
  ])('refuses %s', (_what, mutate) => {
    expect(checkReportSchema.safeParse(mutate(FAILING)).success).toBe(false);
  });
});

describe('verdict and exit code', () => {
  it('names the first failure; warnings alone keep it working; strict turns warnings into failure', () => {
    expect(reportVerdict(FAILING).line).toMatch(/^NOT working: tls trust: self-signed certificate/);
    const warnOnly = report(FAILING.checks.filter((c) => c.status !== 'fail' && c.status !== 'skip'));
    expect(reportVerdict(warnOnly).line).toBe('working, BUT: 1 warning (tcp 80)');
    expect([reportExitCode(FAILING), reportExitCode(warnOnly), reportExitCode(warnOnly, true)]).toEqual([1, 0, 1]);
    const clean = report(FAILING.checks.filter((c) => c.status === 'pass'));
    expect([reportVerdict(clean).line, reportExitCode(clean, true)]).toEqual(['working.', 0]);
  });
});

describe('renderers', () => {
  it('text: verdict first, one line per check with its symbol, 80 columns, first failure cause and fix steps', () => {
    const text = renderReport(FAILING, 'text');
    const lines = text.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NOT working: /);
    for (const line of lines) expect([...line].length).toBeLessThanOrEqual(80);
    expect(lines.find((l) => l.startsWith('✗ tls.trust'))).toMatch(/… +12 ms$/);
    expect(lines.find((l) => l.startsWith('⚠ tcp.80'))).toBeDefined();
    expect(lines.find((l) => l.startsWith('– ews.endpoint'))).toBeDefined();
    const first = lines.findIndex((l) => l.startsWith('First failure — tls.trust [DEPTH_ZERO_SELF_SIGNED_CERT]'));
    const warning = lines.findIndex((l) => l.startsWith('Warning — tcp.80 [MB_HTTP_PORT_CLOSED]'));
    expect(first).toBeGreaterThan(0);
    expect(warning).toBeGreaterThan(first);
    expect(lines.slice(first, warning).some((l) => /^ {2}1\. /.test(l))).toBe(true);
  });

  it('markdown: a table row per check and a section per warning/failure', () => {
    const md = renderReport(FAILING, 'markdown');
    expect(md.split('\n')[0]).toBe(`## mailbridge check: ${reportVerdict(FAILING).line}`);
    expect(md.split('\n').filter((l) => l.startsWith('| ✓') || l.startsWith('| ⚠') || l.startsWith('| ✗') || l.startsWith('| –'))).toHaveLength(FAILING.checks.length);
    expect(md).toContain('### ✗ `tls.trust`');
    expect(md).toContain('### ⚠ `tcp.80`');
  });

  it('junit: well-formed XML, failures and skips counted, strict turns warnings into failures', () => {
    const parser = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '' });
    for (const strict of [false, true]) {
      const xml = renderReport(FAILING, 'junit', { strict });
      expect(XMLValidator.validate(xml)).toBe(true);
      const suite = parser.parse(xml).testsuites.testsuite;
      expect(suite.tests).toBe(String(FAILING.checks.length));
      expect(suite.failures).toBe(strict ? '2' : '1');
      expect(suite.skipped).toBe('1');
      const trust = suite.testcase.find((t: { name: string }) => t.name === 'tls.trust');
      expect(trust.failure.type).toBe('DEPTH_ZERO_SELF_SIGNED_CERT');
      expect(trust.failure.message).toContain('& a "very" long tail');
    }
  });
});

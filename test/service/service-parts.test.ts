// The service layer's parts on their own (#8, AG-1, AG-4, AG-5): sd_notify through the real
// systemd-notify to a real datagram socket (python3 receiver), the SIGHUP reload logic,
// log scrubbing and the capped log file, report redaction, the --metrics address and
// endpoint, bash completion executed by bash, and the staff-enable rules.
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pino from 'pino';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { createAgentLogger } from '../../agent/agent-logger.js';
import { rememberSecretValue, scrubSecretValues } from '../../agent/logging/known-secret-values.js';
import { RotatingLogFile, tailLog } from '../../agent/logging/rotating-log-file.js';
import { createServiceLogDestination } from '../../agent/logging/service-log-destination.js';
import { recordCheckResult, recordSyncRun } from '../../agent/metrics/agent-metrics.js';
import { parseListenAddress } from '../../agent/metrics/listen-address.js';
import { startMetricsServer } from '../../agent/metrics/metrics-server.js';
import { ProfileReloader, diffProfiles } from '../../agent/service/profile-reload.js';
import { createServiceNotifier } from '../../agent/service/service-notifier.js';
import { completionTable } from '../../src/completion/command-tree.js';
import { renderCompletion } from '../../src/completion/render-completion.js';
import { isOperatorError } from '../../src/errors/operator-error.js';
import { buildProgram } from '../../src/main.js';
import { profileSchema, type Profile } from '../../src/profiles/profile-schema.js';
import type { AgentEvent } from '../../src/protocol/schemas/event-schemas.js';
import { REDACTED, redactDocument, redactLogLine } from '../../src/report/redact-document.js';
import { applyStaffChange } from '../../src/staff/staff-changes.js';
import { REPO_ROOT } from '../kit/built-cli.js';
import { parseMetrics, sampleValue } from './metrics-text.js';
import { NotifyReceiver } from './notify-receiver.js';

const silent = pino({ level: 'silent' });
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mb-svc-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

function exampleProfile(overrides: Record<string, unknown> = {}): Profile {
  const raw = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'docs/examples/onprem-ews-profile.json'), 'utf8')) as Record<string, unknown>;
  return profileSchema.parse({ ...raw, ...overrides });
}

describe('sd_notify through systemd-notify', () => {
  test('READY, STATUS, RELOADING and STOPPING reach the datagram socket in order', async () => {
    const receiver = await NotifyReceiver.start(path.join(dir, 'n1.sock'));
    try {
      const notifier = createServiceNotifier({ NOTIFY_SOCKET: receiver.socketPath }, silent);
      expect(notifier.enabled).toBe(true);
      await notifier.ready('Serving 2 profiles');
      await notifier.reloading('Reloading\nprofiles');
      await notifier.stopping('Stopping');
      await receiver.waitFor((m) => m.startsWith('STOPPING=1'));
      const sent = receiver.messages.filter((m) => m !== 'BOUND' && m !== 'BARRIER=1');
      expect(sent).toEqual(['READY=1\nSTATUS=Serving 2 profiles', 'RELOADING=1\nSTATUS=Reloading profiles', 'STOPPING=1\nSTATUS=Stopping']);
    } finally {
      receiver.stop();
    }
  }, 30_000);

  test('no NOTIFY_SOCKET: disabled; a missing tool: one warning, never a failure', async () => {
    expect(createServiceNotifier({}, silent).enabled).toBe(false);
    const lines: string[] = [];
    const log = pino({ level: 'info' }, { write: (line: string) => lines.push(line) });
    const notifier = createServiceNotifier({ NOTIFY_SOCKET: path.join(dir, 'none.sock') }, log, path.join(dir, 'no-such-systemd-notify'));
    await notifier.ready('x');
    await notifier.stopping('y');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain('systemd-notify is not installed; use Type=exec');
  });
});

describe('SIGHUP reload', () => {
  test('diffProfiles names created, updated and deleted profiles', () => {
    const a = exampleProfile({ name: 'a', default: false });
    const b = exampleProfile({ name: 'b', default: false });
    const b2 = { ...b, intervalMinutes: 30 };
    const c = exampleProfile({ name: 'c', default: false });
    const diff = diffProfiles([a, b], [b2, c]);
    expect(diff.created.map((p) => p.name)).toEqual(['c']);
    expect(diff.updated.map((p) => p.name)).toEqual(['b']);
    expect(diff.deleted).toEqual(['a']);
  });

  test('a reload publishes profiles.changed and hands changes (with resync fields) to the sync hook; a bad file changes nothing', () => {
    let onDisk: Profile[] | Error = [exampleProfile({ name: 'a' })];
    const events: AgentEvent[] = [];
    const saved: Array<{ name: string; fields: string[] }> = [];
    const reloader = new ProfileReloader({
      read: () => {
        if (onDisk instanceof Error) throw onDisk;
        return onDisk;
      },
      publish: (e) => events.push(e), onSaved: (p, fields) => saved.push({ name: p.name, fields }), log: silent,
    });
    expect(reloader.reload()).toEqual({ ok: true, created: [], updated: [], deleted: [] });
    onDisk = [exampleProfile({ name: 'a', server: 'mail2.contoso.com' })];
    expect(reloader.reload()).toMatchObject({ ok: true, updated: ['a'] });
    expect(events).toEqual([{ type: 'profiles.changed', data: { name: 'a', change: 'updated' } }]);
    expect(saved).toEqual([{ name: 'a', fields: ['server'] }]);
    onDisk = new Error('profiles.json: it is not valid JSON');
    expect(reloader.reload()).toMatchObject({ ok: false, error: 'profiles.json: it is not valid JSON' });
    onDisk = [exampleProfile({ name: 'a', server: 'mail2.contoso.com' })];
    expect(reloader.reload()).toMatchObject({ ok: true, updated: [] });
    expect(saved).toHaveLength(1);
  });
});

describe('logs', () => {
  test('known secret values are scrubbed from every line, in both the console stream and the log file', () => {
    const secret = 'S3cr3t"Pa$$word\\x';
    rememberSecretValue(secret);
    rememberSecretValue('abc'); // too short to scrub
    const consoleLines: string[] = [];
    const destination = createServiceLogDestination(path.join(dir, 'state'), { write: (line: string) => consoleLines.push(line) });
    const log = createAgentLogger({ MAILBRIDGE_LOG_LEVEL: 'debug' }, destination);
    log.child({ profile: 'contoso' }).info({ detail: { note: `value was ${secret}` }, err: new Error(`logon failed for ${secret}`) }, `message with ${secret} and abc`);
    log.info({ password: 'not-remembered-but-keyed', nested: { clientSecret: 'also-keyed' } }, 'keys');
    destination.close();
    const file = fs.readFileSync(destination.file, 'utf8');
    for (const text of [consoleLines.join(''), file]) {
      expect(text).not.toContain('S3cr3t');
      expect(text).not.toContain('not-remembered-but-keyed');
      expect(text).not.toContain('also-keyed');
      expect(text).toContain('and abc');
      const first = JSON.parse(text.split('\n')[0] ?? '') as { profile: string; msg: string; err: { message: string } };
      expect(first.profile).toBe('contoso');
      expect(first.msg).toBe('message with [redacted] and abc');
      expect(first.err.message).toBe('logon failed for [redacted]');
    }
    expect(scrubSecretValues(`x${secret}y`)).toBe('x[redacted]y');
  });

  test('the log file rotates past its cap and the tail spans both files', () => {
    const state = path.join(dir, 'rot');
    const file = new RotatingLogFile(path.join(state, 'logs', 'agent.log'), 100);
    for (let i = 0; i < 12; i += 1) file.write(`line ${String(i).padStart(2, '0')} ${'x'.repeat(20)}\n`);
    file.close();
    expect(fs.statSync(path.join(state, 'logs', 'agent.log')).size).toBeLessThanOrEqual(100);
    expect(fs.existsSync(path.join(state, 'logs', 'agent.log.1'))).toBe(true);
    expect(fs.statSync(path.join(state, 'logs', 'agent.log')).mode & 0o777).toBe(0o600);
    const tail = tailLog(state, 4);
    expect(tail.map((l) => l.slice(0, 7))).toEqual(['line 08', 'line 09', 'line 10', 'line 11']);
  });
});

describe('report redaction', () => {
  test('secret keys, PEM private keys, bearer tokens and JWTs are redacted; references and ordinary text stay', () => {
    const doc = {
      credentials: { password: { secret: 'password' }, clientSecret: 'abc123-secret-value' },
      note: 'Authorization: Bearer eyJhbGciOi.eyJzdWIiOiJ4In0.c2lnbmF0dXJlX3g and more',
      key: '-----BEGIN PRIVATE KEY-----\nMIIE...\n-----END PRIVATE KEY-----',
      server: 'mail.contoso.com',
    };
    const out = redactDocument(doc, ['more']);
    expect(out.credentials.password).toEqual({ secret: 'password' });
    expect(out.credentials.clientSecret).toBe(REDACTED);
    expect(out.note).toBe(`Authorization: ${REDACTED} and ${REDACTED}`);
    expect(out.key).toBe(REDACTED);
    expect(out.server).toBe('mail.contoso.com');
    expect(redactLogLine('{"token":"t0ken-value","msg":"ok"}')).toBe(`{"token":"${REDACTED}","msg":"ok"}`);
    expect(redactLogLine('plain Basic dXNlcjpwYXNzd29yZA== line')).toBe(`plain ${REDACTED} line`);
  });
});

describe('metrics', () => {
  test('--metrics addresses: loopback by default, IPv6 in brackets, clear errors', () => {
    expect(parseListenAddress('9464')).toEqual({ host: '127.0.0.1', port: 9464, loopback: true });
    expect(parseListenAddress('[::1]:9464')).toEqual({ host: '::1', port: 9464, loopback: true });
    expect(parseListenAddress('0.0.0.0:9464')).toEqual({ host: '0.0.0.0', port: 9464, loopback: false });
    for (const bad of ['::1:9464', '127.0.0.1:http', '127.0.0.1:70000', ':9464']) {
      let error: unknown;
      try {
        parseListenAddress(bad);
      } catch (e) {
        error = e;
      }
      expect(isOperatorError(error) && error.code === 'MB_METRICS_ADDRESS_INVALID', bad).toBe(true);
    }
  });

  test('the endpoint serves the registry at /metrics on loopback and 404 elsewhere', async () => {
    recordCheckResult('unit-profile', 'tls.trust', 'warn');
    recordCheckResult('unit-profile', 'tls.trust', 'pass');
    recordSyncRun('unit-profile', 'error', 2_500);
    const server = await startMetricsServer(parseListenAddress('127.0.0.1:0'), silent);
    try {
      expect(server.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/metrics$/);
      const response = await fetch(server.url);
      expect(response.headers.get('content-type')).toContain('text/plain');
      const samples = parseMetrics(await response.text());
      expect(sampleValue(samples, 'mailbridge_check_status', { profile: 'unit-profile', check: 'tls.trust', status: 'pass' })).toBe(1);
      expect(sampleValue(samples, 'mailbridge_check_status', { profile: 'unit-profile', check: 'tls.trust', status: 'warn' })).toBe(0);
      expect(sampleValue(samples, 'mailbridge_check_results_total', { profile: 'unit-profile', check: 'tls.trust', status: 'warn' })).toBe(1);
      expect(sampleValue(samples, 'mailbridge_sync_runs_total', { profile: 'unit-profile', outcome: 'error' })).toBe(1);
      expect(sampleValue(samples, 'mailbridge_sync_last_success_timestamp_seconds', { profile: 'unit-profile' })).toBeUndefined();
      expect((await fetch(server.url.replace('/metrics', '/'))).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});

describe('completion', () => {
  test('the bash script, run by bash, completes commands, subcommands and options of this build', () => {
    const script = renderCompletion('bash', completionTable(buildProgram()));
    const file = path.join(dir, 'mb.bash');
    fs.writeFileSync(file, script);
    const complete = (...words: string[]) => execFileSync('bash', ['-c', `source ${file}; COMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')}); COMP_CWORD=${words.length - 1}; _mailbridge; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' }).trim();
    expect(complete('mailbridge', 'sta')).toBe('status staff');
    expect(complete('mailbridge', 'staff', 'en')).toBe('enable');
    expect(complete('mailbridge', 'staff', 'enable', 'site-a', '--a')).toBe('--all');
    expect(complete('mailbridge', 'agent', '--m')).toBe('--metrics');
    expect(complete('mailbridge', 'profile', 'i')).toBe('import');
  });

  test('the zsh script carries the same table', () => {
    const zsh = renderCompletion('zsh', completionTable(buildProgram()));
    expect(zsh.startsWith('#compdef mailbridge')).toBe(true);
    expect(zsh).toContain(`'staff enable') words='--all --json --help'`);
  });
});

describe('staff enable rules (EX-15)', () => {
  const profile = exampleProfile({ staff: [{ user: 'anna@contoso.com', enabled: false }, { user: 'bob@contoso.com', enabled: true }] });

  test('named users: enabled, added when missing, reported when already so (case-insensitive)', () => {
    const change = applyStaffChange(profile, true, ['ANNA@contoso.com', 'bob@contoso.com', 'carl@contoso.com'], false);
    expect(change).toMatchObject({ added: ['carl@contoso.com'], changed: ['anna@contoso.com'], unchanged: ['bob@contoso.com'] });
    expect(change.profile.staff.map((m) => [m.user, m.enabled])).toEqual([['anna@contoso.com', true], ['bob@contoso.com', true], ['carl@contoso.com', true]]);
  });

  test('--all disables every listed user; nothing named is a usage error', () => {
    const change = applyStaffChange(profile, false, [], true);
    expect(change.changed).toEqual(['bob@contoso.com']);
    expect(change.profile.staff.every((m) => !m.enabled)).toBe(true);
    expect(() => applyStaffChange(profile, true, [], false)).toThrow(/name at least one user, or pass --all/);
  });
});

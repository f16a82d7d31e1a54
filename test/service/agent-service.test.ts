// `mailbridge agent` as a service, end to end (#8, AG-1, AG-4, AG-5): the built CLI starts
// the agent as a child with a temporary state, socket, NOTIFY_SOCKET (a python3 datagram
// receiver stands in for systemd) and --metrics on loopback; a lab profile is provisioned
// only through CLI commands and pipes (profile import, secrets set --stdin, staff enable),
// then check --json and sync --once --json; /metrics carries the check and sync series with
// the values of those reports; SIGHUP during a sync lets the sync finish and applies the
// edited profile afterwards; SIGTERM exits 0 within 10 s with the socket removed and the
// store consistent. Finally every secret value is searched for in the logs, the report
// bundle, the metrics and every CLI output — and must not be found.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import zlib from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { connectAgent } from '../../src/protocol/index.js';
import { BIN, assertBuilt, runCli, type CliResult } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { parseMetrics, sampleValue } from './metrics-text.js';
import { NotifyReceiver } from './notify-receiver.js';

const PROFILE = 'site-a';
let lab: RunningLab;
let world: TempEnv;
let notify: NotifyReceiver;
let agent: ChildProcess;
let agentLog = '';
let agentExit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
let metricsUrl: string;
let secretValues: string[] = [];
/** Everything any command printed, for the secret grep. */
const outputs: string[] = [];

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function cli(args: string[], options: { stdin?: string; timeoutMs?: number } = {}): Promise<CliResult> {
  const result = await runCli(args, { env: world.env, timeoutMs: options.timeoutMs ?? 60_000, ...(options.stdin !== undefined ? { stdin: options.stdin } : {}) });
  outputs.push(result.stdout, result.stderr);
  return result;
}

async function scrape(): Promise<string> {
  const response = await fetch(metricsUrl);
  expect(response.status).toBe(200);
  const text = await response.text();
  outputs.push(text);
  return text;
}

beforeAll(async () => {
  assertBuilt();
  // Latency on every lab answer, so a full sync runs long enough to send SIGHUP in the middle of it.
  lab = await startLab({ seed: 8, items: 25, mailboxes: 2, latencyMs: 60 });
  world = createTempEnv({ MAILBRIDGE_SYNC_SCHEDULE: 'off', MAILBRIDGE_LOG_LEVEL: 'debug' });
  const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem');
  if (!entry) throw new Error('the lab has no lab-onprem profile');
  secretValues = Object.values(entry.secrets);
  expect(secretValues.every((v) => v.length >= 8)).toBe(true);

  notify = await NotifyReceiver.start(path.join(world.root, 'notify.sock'));
  const port = await freePort();
  metricsUrl = `http://127.0.0.1:${port}/metrics`;
  agent = spawn(process.execPath, [BIN, 'agent', '--metrics', `127.0.0.1:${port}`], { env: { ...world.env, NOTIFY_SOCKET: notify.socketPath }, stdio: ['ignore', 'pipe', 'pipe'] });
  agent.stdout?.on('data', (chunk: Buffer) => (agentLog += chunk.toString('utf8')));
  agent.stderr?.on('data', (chunk: Buffer) => (agentLog += chunk.toString('utf8')));
  agentExit = new Promise((resolve) => agent.once('exit', (code, signal) => resolve({ code, signal })));
  // Readiness is what systemd sees: READY=1 on the notify socket, sent once the socket serves.
  const ready = await notify.waitFor((m) => m.includes('READY=1'), 30_000);
  expect(ready).toContain(`STATUS=Serving 0 profiles; metrics on ${metricsUrl}`);
  expect(fs.existsSync(world.socketPath)).toBe(true);
}, 90_000);

afterAll(async () => {
  if (agent && agent.exitCode === null && agent.signalCode === null) agent.kill('SIGKILL');
  notify?.stop();
  await lab?.stop();
  world?.cleanup();
});

describe('mailbridge agent under a service manager', () => {
  let imported = 0;

  test('provisioned through CLI commands and pipes only', async () => {
    const entry = lab.document.profiles.find((p) => p.name === 'lab-onprem');
    const base = JSON.parse(fs.readFileSync(entry?.file ?? '', 'utf8')) as { staff: Array<{ user: string; enabled: boolean }> } & Record<string, unknown>;
    // As an RMM would ship it: staff listed but not enabled (EX-15), enabled in a later step.
    const file = path.join(world.root, 'site-a.json');
    fs.writeFileSync(file, JSON.stringify({ ...base, name: PROFILE, intervalMinutes: 15, staff: base.staff.map((m) => ({ ...m, enabled: false })) }));
    const importResult = await cli(['profile', 'import', file, '--json']);
    expect(importResult.code, importResult.stderr).toBe(0);

    for (const [field, value] of Object.entries(entry?.secrets ?? {})) {
      const set = await cli(['secrets', 'set', PROFILE, field, '--stdin'], { stdin: value });
      expect(set.code, set.stderr).toBe(0);
    }
    const staff = await cli(['staff', 'enable', PROFILE, '--all', '--json']);
    expect(staff.code, staff.stderr).toBe(0);
    expect(JSON.parse(staff.stdout)).toMatchObject({ schema: 'mailbridge.staff-change/v1', changed: base.staff.map((m) => m.user) });
    const listed = await cli(['staff', 'list', PROFILE, '--json']);
    expect((JSON.parse(listed.stdout) as { staff: Array<{ enabled: boolean }> }).staff.every((m) => m.enabled)).toBe(true);
  }, 60_000);

  test('check --json runs in the agent; /metrics has one status series per check with its result', async () => {
    const check = await cli(['check', PROFILE, '--json'], { timeoutMs: 90_000 });
    expect(check.code, check.stderr).toBe(0);
    const report = JSON.parse(check.stdout) as { target: { profile?: string }; checks: Array<{ id: string; status: string; diagnosis: { code: string } | null }> };
    expect(report.target.profile).toBe(PROFILE);
    expect(report.checks.length).toBeGreaterThan(3);

    // The agent records the report when its run.finished event arrives; poll briefly.
    let samples = parseMetrics(await scrape());
    for (let i = 0; i < 40 && sampleValue(samples, 'mailbridge_check_last_run_timestamp_seconds', { profile: PROFILE }) === undefined; i += 1) {
      await new Promise((resolve) => setTimeout(resolve, 100));
      samples = parseMetrics(await scrape());
    }
    for (const c of report.checks) {
      for (const status of ['pass', 'warn', 'fail', 'skip']) {
        expect(sampleValue(samples, 'mailbridge_check_status', { profile: PROFILE, check: c.id, status }), `${c.id} ${status}`).toBe(status === c.status ? 1 : 0);
      }
      expect(sampleValue(samples, 'mailbridge_check_results_total', { profile: PROFILE, check: c.id, status: c.status })).toBe(1);
    }
    for (const code of new Set(report.checks.flatMap((c) => (c.diagnosis ? [c.diagnosis.code] : [])))) {
      expect(sampleValue(samples, 'mailbridge_errors_total', { code, source: 'check' })).toBe(report.checks.filter((c) => c.diagnosis?.code === code).length);
    }
    expect(sampleValue(samples, 'mailbridge_agent_info', {})).toBe(1);
  }, 120_000);

  test('sync --once --json through the agent; /metrics has the run and its item counts', async () => {
    const sync = await cli(['sync', PROFILE, '--once', '--json'], { timeoutMs: 120_000 });
    expect(sync.code, sync.stderr).toBe(0);
    const summary = JSON.parse(sync.stdout) as { imported: number; created: number; errors: unknown[]; durationMs: number };
    expect(summary.errors).toEqual([]);
    expect(summary.imported).toBeGreaterThan(0);
    imported = summary.imported;
    const samples = parseMetrics(await scrape());
    expect(sampleValue(samples, 'mailbridge_sync_runs_total', { profile: PROFILE, outcome: 'ok' })).toBe(1);
    expect(sampleValue(samples, 'mailbridge_sync_items_total', { profile: PROFILE, change: 'imported', direction: 'from_exchange' })).toBe(imported);
    expect(sampleValue(samples, 'mailbridge_sync_duration_seconds_count', { profile: PROFILE })).toBe(1);
    expect(sampleValue(samples, 'mailbridge_sync_duration_seconds_sum', { profile: PROFILE })).toBeCloseTo(summary.durationMs / 1000, 3);
    expect(sampleValue(samples, 'mailbridge_sync_last_success_timestamp_seconds', { profile: PROFILE })).toBeGreaterThan(Date.now() / 1000 - 120);
  }, 150_000);

  test('SIGHUP during a sync: the sync completes, the edited profile applies afterwards', async () => {
    const client = await connectAgent({ socketPath: world.socketPath, timeoutMs: 30_000 });
    const running = runCli(['sync', PROFILE, '--once', '--full', '--json'], { env: world.env, timeoutMs: 150_000 });
    try {
      const deadline = Date.now() + 30_000;
      let syncing = false;
      while (!syncing && Date.now() < deadline) {
        const status = await client.call('agent.status');
        syncing = status.jobs.some((j) => j.kind === 'sync' && j.profile === PROFILE);
        if (!syncing) await new Promise((resolve) => setTimeout(resolve, 20));
      }
      expect(syncing).toBe(true);

      // An operator (or Ansible) edits profiles.json in place, then reloads.
      const file = path.join(world.configDir, 'profiles.json');
      const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { profiles: Array<{ name: string; intervalMinutes: number }> };
      const target = stored.profiles.find((p) => p.name === PROFILE);
      if (!target) throw new Error('site-a missing from profiles.json');
      target.intervalMinutes = 45;
      fs.writeFileSync(`${file}.tmp`, JSON.stringify(stored, null, 2), { mode: 0o600 });
      fs.renameSync(`${file}.tmp`, file);
      agent.kill('SIGHUP');

      await notify.waitFor((m) => m.includes('RELOADING=1'));
      await notify.waitFor((m) => m.includes('Profiles reloaded: 0 new, 1 changed, 0 removed'));
      // Still the same run: reload did not interrupt it.
      const during = await client.call('agent.status');
      const sync = await running;
      outputs.push(sync.stdout, sync.stderr);
      expect(sync.code, sync.stderr).toBe(0);
      expect(JSON.parse(sync.stdout)).toMatchObject({ profile: PROFILE, errors: [] });
      expect(during.jobs.some((j) => j.kind === 'sync' && j.profile === PROFILE)).toBe(true);

      const lines = agentLog.split('\n').filter((l) => l.startsWith('{')).map((l) => JSON.parse(l) as { msg: string; profile?: string; change?: string });
      expect(lines.some((l) => l.msg === 'profile reloaded' && l.profile === PROFILE && l.change === 'updated')).toBe(true);
      // The sync engine queued the change while its run went on (EX-9) …
      const queuedAt = lines.findIndex((l) => l.msg.startsWith('profile saved during a sync') && l.profile === PROFILE);
      const finishedAt = lines.findLastIndex((l) => l.msg === 'sync finished' && l.profile === PROFILE);
      expect(queuedAt).toBeGreaterThan(-1);
      expect(finishedAt).toBeGreaterThan(queuedAt);
      // … and the agent's view is the edited profile now.
      const shown = await cli(['profile', 'show', PROFILE, '--json']);
      expect(shown.stdout).toContain('"intervalMinutes":45');
      const samples = parseMetrics(await scrape());
      expect(sampleValue(samples, 'mailbridge_sync_runs_total', { profile: PROFILE, outcome: 'ok' })).toBe(2);
    } finally {
      client.close();
    }
  }, 180_000);

  test('report bundle: versions, profile, check report, sync history and log tail', async () => {
    const out = path.join(world.root, 'bundle.json.gz');
    const result = await cli(['report', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    const text = zlib.gunzipSync(fs.readFileSync(out)).toString('utf8');
    outputs.push(text);
    const bundle = JSON.parse(text) as Record<string, unknown> & { profiles: Array<{ name: string }>; checkReports: unknown[]; syncRuns: unknown[]; logTail: string[]; agent: { versions?: unknown } };
    expect(bundle.schema).toBe('mailbridge.report/v1');
    expect(bundle.profiles.map((p) => p.name)).toEqual([PROFILE]);
    expect(bundle.checkReports.length).toBeGreaterThanOrEqual(1);
    expect(bundle.syncRuns.length).toBeGreaterThanOrEqual(2);
    expect(bundle.logTail.some((l) => l.includes('profile reloaded'))).toBe(true);
    expect(bundle.agent).toHaveProperty('uptimeSeconds');
    expect(fs.statSync(out).mode & 0o777).toBe(0o600);
  }, 60_000);

  test('SIGTERM: exit 0 within 10 s, STOPPING=1, socket removed, store consistent', async () => {
    const started = Date.now();
    agent.kill('SIGTERM');
    const exit = await Promise.race([agentExit, new Promise<'timeout'>((resolve) => setTimeout(() => resolve('timeout'), 10_000))]);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(Date.now() - started).toBeLessThan(10_000);
    await notify.waitFor((m) => m.includes('STOPPING=1'), 2_000);
    expect(fs.existsSync(world.socketPath)).toBe(false);
    const db = new Database(path.join(world.stateDir, 'mailbridge.db'), { readonly: true });
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
      expect(db.prepare('SELECT COUNT(*) AS n FROM sync_runs WHERE finished_at IS NULL').get()).toEqual({ n: 0 });
    } finally {
      db.close();
    }
  }, 20_000);

  test('no secret value in the logs, the log file, the report bundle, the metrics or any output', () => {
    const logFile = fs.readFileSync(path.join(world.stateDir, 'logs', 'agent.log'), 'utf8');
    expect(logFile).toContain('agent stopped');
    const haystacks = { agentLog, logFile, outputs: outputs.join('\n') };
    for (const secret of secretValues) {
      for (const [where, text] of Object.entries(haystacks)) {
        expect(text.includes(secret), `secret found in ${where}`).toBe(false);
        expect(text.includes(JSON.stringify(secret).slice(1, -1)), `escaped secret found in ${where}`).toBe(false);
      }
    }
  });
});

/**
 * `mailbridge check --json` — the built binary — against the lab through a running agent
 * (issue #4): the profile and its secret go in through the CLI (so they live in the agent's
 * store), the check runs in the agent (its run.finished is seen on the socket), the report
 * validates and the healthy lab passes every check; a fault switched at run time makes the
 * same command exit 1 naming the failing check and its code.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { checkReportSchema } from '../../src/checks/check-report.js';
import { connectAgent, type AgentClient, type AgentNotification } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { runCli } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { notPassing, setFaults } from './kit/lab-checks.js';
import { importLabOnpremProfile } from '../kit/lab-profile-import.js';

let lab: RunningLab;
let w: TempEnv;
let agent: AgentProcess;
let client: AgentClient;
const seen: AgentNotification[] = [];

beforeAll(async () => {
  lab = await startLab();
  w = createTempEnv();
  agent = await startAgent(w);
  client = await connectAgent({ socketPath: w.socketPath });
  await client.subscribe((n) => seen.push(n), ['runs']);
  await importLabOnpremProfile(lab, w.env);
}, 60_000);

afterAll(async () => {
  client?.close();
  await agent?.stop('SIGKILL');
  w?.cleanup();
  await lab?.stop();
});

describe('mailbridge check through the agent', () => {
  it('healthy lab: --json is one valid report, every check passes, exit 0, and the run was the agent\'s', async () => {
    await setFaults(lab, []);
    const before = seen.filter((n) => n.method === 'run.finished').length;
    const result = await runCli(['check', 'lab-onprem', '--json'], { env: w.env, timeoutMs: 60_000 });
    const report = checkReportSchema.parse(JSON.parse(result.stdout));
    expect(notPassing(report)).toEqual([]);
    expect(result.code, result.stderr).toBe(0);
    expect(report.checks.map((c) => c.id)).toContain('auth.impersonation');
    const deadline = Date.now() + 5_000;
    while (seen.filter((n) => n.method === 'run.finished').length === before && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(seen.filter((n) => n.method === 'run.finished').length).toBe(before + 1);
    expect(result.stdout).not.toContain(lab.document.accounts[0]!.password);
  }, 60_000);

  it('ad hoc --server with --user and --password-stdin runs in the CLI (the password never goes to the agent) and logs on', async () => {
    await setFaults(lab, []);
    const account = lab.document.accounts[0]!;
    const before = seen.filter((n) => n.method === 'run.finished').length;
    const result = await runCli([
      'check', '--server', 'localhost', '--https-port', String(lab.document.ews.httpsPort), '--ca-file', lab.document.caFile,
      '--user', `${account.domain}\\${account.user}`, '--password-stdin', '--json',
    ], { env: w.env, stdin: `${account.password}\n`, timeoutMs: 60_000 });
    const report = checkReportSchema.parse(JSON.parse(result.stdout));
    expect(report.checks.find((c) => c.id === 'auth.credentials'), result.stderr).toMatchObject({ status: 'pass', details: { authMethod: 'NTLM' } });
    expect(result.stdout).not.toContain(account.password);
    expect(seen.filter((n) => n.method === 'run.finished').length).toBe(before);
  }, 60_000);

  it('--password-stdin without --user is a usage error (exit 2)', async () => {
    const result = await runCli(['check', '--server', 'localhost', '--password-stdin'], { env: w.env, stdin: 'x\n' });
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--password-stdin needs --user/);
  });

  it('bad-password: exit 1, auth.credentials fails with MB_AUTH_LOGON_REJECTED', async () => {
    await setFaults(lab, ['bad-password']);
    const result = await runCli(['check', 'lab-onprem', '--json'], { env: w.env, timeoutMs: 60_000 });
    const report = checkReportSchema.parse(JSON.parse(result.stdout));
    expect(report.checks.find((c) => c.id === 'auth.credentials')).toMatchObject({ status: 'fail', diagnosis: { code: 'MB_AUTH_LOGON_REJECTED' } });
    expect(result.code).toBe(1);
    await setFaults(lab, []);
  }, 60_000);
});

describe('mailbridge check with no agent running', () => {
  it('runs the same plan in-process, reading the profile\'s secret from the local store: every check passes', async () => {
    await setFaults(lab, []);
    const local = createTempEnv();
    try {
      await importLabOnpremProfile(lab, local.env);
      const result = await runCli(['check', 'lab-onprem', '--json'], { env: local.env, timeoutMs: 60_000 });
      const report = checkReportSchema.parse(JSON.parse(result.stdout));
      expect(notPassing(report)).toEqual([]);
      expect(result.code, result.stderr).toBe(0);
    } finally {
      local.cleanup();
    }
  }, 60_000);
});

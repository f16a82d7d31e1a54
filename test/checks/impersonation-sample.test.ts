/**
 * `mailbridge check --impersonation-sample N` (#4, EX-10): auth.impersonation tries N
 * enabled staff mailboxes instead of the fixed 5 — the built binary against the lab with
 * eight enabled mailboxes, first in-process (no agent), then through a real agent child
 * (checks.run carries impersonationSample; the run is the agent's). Out-of-range values are
 * refused with exit 2 naming the flag, and on the socket as invalid params (-32602, MB_RPC_INVALID_PARAMS) naming the field.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLab, type RunningLab } from '../../fixtures/lab/lab.js';
import { checkReportSchema, type CheckReport } from '../../src/checks/check-report.js';
import { connectAgent, type AgentNotification } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { runCli } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';
import { importLabOnpremProfile } from '../kit/lab-profile-import.js';

const MAILBOXES = 8;
let lab: RunningLab;
let w: TempEnv;

beforeAll(async () => {
  lab = await startLab({ mailboxes: MAILBOXES, items: 2 });
  w = createTempEnv();
  await importLabOnpremProfile(lab, w.env);
}, 60_000);

afterAll(async () => {
  w?.cleanup();
  await lab?.stop();
});

async function impersonation(args: string[]): Promise<CheckReport['checks'][number] | undefined> {
  const result = await runCli(['check', 'lab-onprem', '--json', ...args], { env: w.env, timeoutMs: 60_000 });
  expect(result.code, result.stderr).toBe(0);
  return checkReportSchema.parse(JSON.parse(result.stdout)).checks.find((c) => c.id === 'auth.impersonation');
}

describe('check --impersonation-sample without an agent', () => {
  it('the default stays 5; 7 tries seven of the eight enabled mailboxes and says it sampled', async () => {
    expect((await impersonation([]))?.details).toMatchObject({ tested: 5, enabled: MAILBOXES, sampled: true });
    const seven = await impersonation(['--impersonation-sample', '7']);
    expect(seven).toMatchObject({ status: 'pass', details: { tested: 7, enabled: MAILBOXES, sampled: true } });
    expect(seven?.summary).toContain(`a sample of 7 of ${MAILBOXES}`);
  }, 90_000);

  it.each(['0', '101', 'five', '2.5'])('--impersonation-sample %s is a usage error (exit 2) naming the flag and the range', async (value) => {
    const result = await runCli(['check', 'lab-onprem', '--impersonation-sample', value], { env: w.env });
    expect(result.code).toBe(2);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain('--impersonation-sample');
    expect(result.stderr).toContain('1 to 100');
  });
});

describe('check --impersonation-sample through the agent', () => {
  let agent: AgentProcess;

  beforeAll(async () => {
    agent = await startAgent(w);
  }, 30_000);

  afterAll(async () => {
    await agent?.stop('SIGTERM');
  });

  it('travels in checks.run: the agent\'s run tests every mailbox when N covers them all', async () => {
    const client = await connectAgent({ socketPath: w.socketPath });
    try {
      const seen: AgentNotification[] = [];
      const subscription = await client.subscribe((n) => seen.push(n), ['runs']);
      const all = await impersonation(['--impersonation-sample', String(MAILBOXES + 2)]);
      expect(all).toMatchObject({ status: 'pass', details: { tested: MAILBOXES, enabled: MAILBOXES, sampled: false } });
      const deadline = Date.now() + 5_000;
      while (!seen.some((n) => n.method === 'run.finished') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
      expect(seen.some((n) => n.method === 'run.finished')).toBe(true);
      // The sample is one mailbox: the agent's report says so.
      const { runId } = await client.call('checks.run', { profile: 'lab-onprem', impersonationSample: 1 });
      const report = await client.call('checks.report', { runId });
      expect(report.checks.find((c) => c.id === 'auth.impersonation')?.details).toMatchObject({ tested: 1, sampled: true });
      await expect(client.call('checks.run', { profile: 'lab-onprem', impersonationSample: 101 })).rejects.toMatchObject({ code: 'MB_RPC_INVALID_PARAMS', message: expect.stringContaining('impersonationSample') });
      subscription.close();
    } finally {
      client.close();
    }
  }, 90_000);
});

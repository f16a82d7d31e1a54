// `mailbridge logs` (issue #6 follow-up), the built binary against a real agent child and
// without one: the agent's records as text and as one JSON document, --level, --follow
// printing lines as the agent logs them, and the log file's tail (said so on stderr) once
// the agent has stopped; usage errors exit 2.
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectAgent } from '../../src/protocol/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { BIN, runCli } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let world: TempEnv;
let agent: AgentProcess;

beforeAll(async () => {
  world = createTempEnv({ MAILBRIDGE_LOG_LEVEL: 'debug', MAILBRIDGE_LOG_FORMAT: 'json', MAILBRIDGE_SYNC_SCHEDULE: 'off' });
  agent = await startAgent(world);
});

afterAll(async () => {
  await agent.stop('SIGKILL');
  world.cleanup();
});

describe('mailbridge logs with an agent running', () => {
  it('prints the recent lines as text, filtered by --level', async () => {
    const all = await runCli(['logs'], { env: world.env });
    expect(all.code).toBe(0);
    expect(all.stdout).toMatch(/^\d{4}-\d\d-\d\dT\S+ INFO {2}agent ready \{/m);
    expect(all.stdout).toMatch(/ DEBUG request /);
    const warn = await runCli(['logs', '--level', 'info'], { env: world.env });
    expect(warn.code).toBe(0);
    expect(warn.stdout).toContain('agent ready');
    expect(warn.stdout).not.toMatch(/ DEBUG /);
  });

  it('prints one JSON document with --json, and only what came after --since', async () => {
    const first = await runCli(['logs', '--json', '--lines', '5'], { env: world.env });
    expect(first.code).toBe(0);
    const document = JSON.parse(first.stdout) as { schema: string; source: string; cursor: number; records: Array<{ cursor: number; msg: string }> };
    expect(document).toMatchObject({ schema: 'mailbridge.logs/v1', source: 'agent' });
    expect(document.records).toHaveLength(5);
    const later = JSON.parse((await runCli(['logs', '--json', '--since', String(document.cursor)], { env: world.env })).stdout) as typeof document;
    expect(later.records.length).toBeGreaterThan(0);
    expect(later.records.every((r) => r.cursor > document.cursor)).toBe(true);
  });

  it('--follow prints lines as the agent logs them, until Ctrl-C', async () => {
    const child = spawn(process.execPath, [BIN, 'logs', '--follow', '--lines', '1'], { env: world.env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString('utf8')));
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const deadline = Date.now() + 10_000;
      while (!out.includes('\n') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      // Something the agent logs after the follower started: a request, logged at debug.
      const client = await connectAgent({ socketPath: world.socketPath });
      await client.call('profiles.list');
      client.close();
      while (!out.includes('"method":"profiles.list"') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
      expect(out).toContain('"method":"profiles.list"');
      child.kill('SIGINT');
      expect(await exited).toBe(0);
    } finally {
      child.kill('SIGKILL');
    }
  });

  it('refuses --follow with --json (one document per --json) and an unknown level, exit 2', async () => {
    expect((await runCli(['logs', '--follow', '--json'], { env: world.env })).code).toBe(2);
    const level = await runCli(['logs', '--level', 'verbose'], { env: world.env });
    expect(level.code).toBe(2);
    expect(level.stderr).toContain('debug, info, warn, error');
  });
});

describe('mailbridge logs without an agent', () => {
  it('reads the tail of the log file the stopped agent left, and says so', async () => {
    await agent.stop('SIGTERM');
    const text = await runCli(['logs', '--level', 'info'], { env: world.env });
    expect(text.code).toBe(0);
    expect(text.stderr).toContain('No agent answers');
    expect(text.stderr).toContain(`${world.stateDir}/logs/agent.log`);
    expect(text.stdout).toContain('agent stopped');
    const json = await runCli(['logs', '--json'], { env: world.env });
    expect(JSON.parse(json.stdout)).toMatchObject({ schema: 'mailbridge.logs/v1', source: 'file', file: `${world.stateDir}/logs/agent.log` });
    const follow = await runCli(['logs', '--follow'], { env: world.env });
    expect(follow.code).toBe(1);
    expect(follow.stderr).toContain('--follow needs a running agent');
  });

  it('exits 1 when there is neither an agent nor a log file', async () => {
    const empty = createTempEnv();
    try {
      const result = await runCli(['logs'], { env: empty.env });
      expect(result.code).toBe(1);
      expect(result.stderr).toContain('there is no log file');
    } finally {
      empty.cleanup();
    }
  });
});

// `mailbridge status [--json]` (issue #2): with an agent, the status document (versions,
// pid, uptime, store path and schema version, secret backend and why, profile count,
// jobs); without one, it says so and how to start one, and exits 1 — also for a stale socket.
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { runCli } from '../kit/built-cli.js';
import { makeStaleSocket } from '../kit/stale-socket.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let world: TempEnv | undefined;
let agent: AgentProcess | undefined;

afterEach(async () => {
  await agent?.stop('SIGTERM');
  agent = undefined;
  world?.cleanup();
  world = undefined;
});

describe('mailbridge status', () => {
  it('--json prints exactly one status document and exits 0', async () => {
    world = createTempEnv();
    agent = await startAgent(world);
    const result = await runCli(['status', '--json'], { env: world.env });
    expect(result.code).toBe(0);
    const lines = result.stdout.trim().split('\n');
    expect(lines).toHaveLength(1);
    const doc = JSON.parse(lines[0]!) as Record<string, unknown>;
    expect(doc).toMatchObject({
      schema: 'mailbridge.agent-status/v1',
      protocol: 1,
      agentVersion: expect.stringMatching(/^\d+\.\d+\.\d+/),
      nodeVersion: process.version,
      pid: agent.pid,
      uptimeSeconds: expect.any(Number),
      socketPath: world.socketPath,
      configDir: world.configDir,
      stateDir: world.stateDir,
      store: { path: path.join(world.stateDir, 'mailbridge.db'), schemaVersion: expect.any(Number), journalMode: 'wal' },
      secretBackend: { name: 'vault', reason: expect.stringContaining('MAILBRIDGE_SECRET_BACKEND=vault'), writable: true },
      profiles: { count: 0, default: null },
      jobs: [],
    });
    expect((doc.store as { schemaVersion: number }).schemaVersion).toBeGreaterThanOrEqual(1);
  });

  it('prints a readable summary without --json', async () => {
    world = createTempEnv();
    agent = await startAgent(world);
    const result = await runCli(['status'], { env: world.env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain(`mailbridge agent`);
    expect(result.stdout).toContain(`is running (protocol 1, pid ${agent.pid}`);
    expect(result.stdout).toMatch(/secrets\s+vault — Forced by MAILBRIDGE_SECRET_BACKEND=vault/);
    expect(result.stdout).toMatch(/jobs\s+none running/);
  });

  it('reports systemd credentials with the vault behind them when run as a service', async () => {
    world = createTempEnv();
    const credentials = path.join(world.root, 'credentials');
    mkdirSync(credentials, { mode: 0o700 });
    agent = await startAgent(world, { env: { MAILBRIDGE_SECRET_BACKEND: '', CREDENTIALS_DIRECTORY: credentials } });
    const result = await runCli(['status', '--json'], { env: world.env });
    const doc = JSON.parse(result.stdout) as { secretBackend: { name: string; reason: string; fallback?: { name: string; reason: string } } };
    expect(doc.secretBackend.name).toBe('systemd-credentials');
    expect(doc.secretBackend.reason).toContain(credentials);
    expect(doc.secretBackend.fallback).toMatchObject({ name: 'vault', reason: expect.stringContaining('keyring is not usable') });
    const text = await runCli(['status'], { env: world.env });
    expect(text.stdout).toMatch(/secrets\s+systemd-credentials — .*\n\s+then vault — /);
  });

  it('without an agent says so, how to start one, and exits 1', async () => {
    world = createTempEnv();
    const result = await runCli(['status'], { env: world.env });
    expect(result.code).toBe(1);
    expect(result.stdout).toBe('');
    expect(result.stderr).toContain(`no mailbridge agent is running (nothing answers at ${world.socketPath})`);
    expect(result.stderr).toContain('Start the agent in the foreground: mailbridge agent');
    expect(result.stderr).toContain('systemctl --user start mailbridge');
  });

  it('without an agent, --json prints one error document with the guidance and exits 1', async () => {
    world = createTempEnv();
    makeStaleSocket(world.socketPath);
    const result = await runCli(['status', '--json'], { env: world.env });
    expect(result.code).toBe(1);
    const doc = JSON.parse(result.stdout) as { schema: string; error: { code: string; fix: string[]; details: Record<string, unknown> } };
    expect(doc.schema).toBe('mailbridge.error/v1');
    expect(doc.error.code).toBe('MB_AGENT_NOT_RUNNING');
    expect(doc.error.details.systemCode).toBe('ECONNREFUSED');
    expect(doc.error.fix[0]).toBe('Start the agent in the foreground: mailbridge agent');
  });
});

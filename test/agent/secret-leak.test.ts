// AG-5 end to end (issue #2): a known secret is set through `mailbridge secrets set
// PROFILE FIELD --stdin` while an agent runs; afterwards the config directory, the
// agent's logs (at trace level), every RPC response of the run (recorded by a proxy in
// front of the agent, CLI traffic included) and every CLI output are searched for the
// value — and it is nowhere. The secret is proven stored, so the search is not vacuous.
import { readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { runCli, type CliResult } from '../kit/built-cli.js';
import { RawNdjsonClient } from '../kit/raw-ndjson-client.js';
import { RecordingProxy } from '../kit/recording-proxy.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

// Distinctive, and short enough for EX-4 (at most 128 characters).
const SECRET = 'Leak-Canary-7f3e9b2c-do-not-print';

const PROFILE = {
  kind: 'exchange-onprem',
  name: 'acme',
  server: 'mail.acme.example',
  intervalMinutes: 15,
  credentials: { kind: 'password', user: 'svc-sync@acme.example' },
  staff: [{ user: 'alice@acme.example', enabled: true }],
};

let world: TempEnv;
let agent: AgentProcess;
let proxy: RecordingProxy;
let cliEnv: Record<string, string>;
const cliOutputs: Array<{ args: string[]; result: CliResult }> = [];
const rawTranscripts: string[] = [];

async function cli(args: string[], stdin?: string): Promise<CliResult> {
  const result = await runCli(args, { env: cliEnv, ...(stdin === undefined ? {} : { stdin }) });
  cliOutputs.push({ args, result });
  return result;
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const full = path.join(dir, name);
    return statSync(full).isDirectory() ? filesUnder(full) : [full];
  });
}

beforeAll(async () => {
  world = createTempEnv({ MAILBRIDGE_LOG_LEVEL: 'trace' });
  agent = await startAgent(world);
  proxy = await RecordingProxy.start(path.join(world.root, 'proxy', 'agent.sock'), world.socketPath);
  cliEnv = { ...world.env, MAILBRIDGE_SOCKET: proxy.socketPath };
});

afterAll(async () => {
  await proxy?.close();
  await agent?.stop('SIGKILL');
  world?.cleanup();
});

describe('a known secret appears in no file, log or response (AG-5)', () => {
  it('runs a session: import a profile, set the secret from stdin, read everything back', async () => {
    const file = path.join(world.root, 'acme.json');
    writeFileSync(file, JSON.stringify(PROFILE));
    expect((await cli(['profile', 'import', file])).code).toBe(0);

    const watcher = await RawNdjsonClient.connect(proxy.socketPath);
    await watcher.request('events.subscribe', {});

    const set = await cli(['secrets', 'set', 'acme', 'password', '--stdin'], `${SECRET}\n`);
    expect(set.code, set.stderr).toBe(0);

    // Proof the secret really went in (so finding nothing below means something).
    expect((await cli(['secrets', 'has', 'acme', 'password'])).code).toBe(0);

    for (const args of [['status', '--json'], ['profile', 'list', '--json'], ['profile', 'show', 'acme'], ['profile', 'show', 'acme', '--json'], ['profile', 'export', 'acme'], ['secrets', 'list', 'acme', '--json']]) {
      expect((await cli(args)).code, args.join(' ')).toBeLessThanOrEqual(1);
    }

    // Every method, from a raw client, through the recording proxy.
    const raw = await RawNdjsonClient.connect(proxy.socketPath);
    for (const [method, params] of [
      ['agent.hello', {}], ['agent.status', {}], ['profiles.list', {}], ['profiles.get', { name: 'acme' }],
      ['profiles.validate', { profile: PROFILE }], ['secrets.has', { profile: 'acme', field: 'password' }],
      ['secrets.list', { profile: 'acme' }], ['events.subscribe', {}],
    ] as const) {
      const answer = await raw.request(method, params);
      expect(answer.error, method).toBeUndefined();
    }
    // A refused secret: the error must not echo it either.
    const tooLong = await raw.request('secrets.set', { profile: 'acme', field: 'password', value: `${SECRET}${'x'.repeat(120)}` });
    expect(tooLong.error?.code).toBe(-32602);
    await new Promise((resolve) => setTimeout(resolve, 200));
    rawTranscripts.push(...raw.transcript, ...watcher.transcript);
    expect(watcher.transcript.some((line) => line.includes('"secrets.changed"'))).toBe(true);
    raw.close();
    watcher.close();

    const exit = await agent.stop('SIGTERM');
    expect(exit.code).toBe(0);
  });

  it('is not in the config directory', () => {
    const files = filesUnder(world.configDir);
    expect(files.some((f) => f.endsWith('profiles.json'))).toBe(true);
    for (const file of files) expect(readFileSync(file, 'utf8'), file).not.toContain(SECRET);
  });

  it("is not in the agent's logs, though they cover the run at trace level", () => {
    expect(agent.stdout).toContain('agent ready');
    expect(agent.stdout).toContain('agent stopped');
    expect(agent.stdout).toContain('"method":"secrets.set"'); // the request itself was logged — without its params
    expect(agent.stderr + agent.stdout).not.toContain(SECRET);
  });

  it('is not in any RPC response of the run, CLI traffic included', () => {
    const recorded = proxy.recorded;
    expect(recorded).toContain('"protocol":1');
    expect(recorded).toContain('"present":true');
    expect(recorded).not.toContain(SECRET);
    expect(rawTranscripts.join('\n')).not.toContain(SECRET);
  });

  it('is not in any CLI output', () => {
    expect(cliOutputs.length).toBeGreaterThanOrEqual(8);
    for (const { args, result } of cliOutputs) expect(result.stdout + result.stderr, args.join(' ')).not.toContain(SECRET);
  });

  it('is not in plain text anywhere in the state directory (vault encrypted, database clean)', () => {
    for (const file of filesUnder(world.stateDir)) expect(readFileSync(file).includes(Buffer.from(SECRET)), file).toBe(false);
  });
});

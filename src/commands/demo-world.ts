/**
 * The world `mailbridge demo` runs in: the lab (fake Exchange on-prem, Entra and Graph on
 * loopback), an agent child process with its own temporary config, state and socket, and
 * the two demo profiles — `demo-onprem` and `demo-online` — imported from the lab's
 * profile files with their secrets. Everything goes away again with `close()`.
 *
 * The agent is a child rather than in-process so its start-up (the heaviest module graph)
 * runs on another core while this process starts the lab and loads the console: that is
 * what keeps the demo within its 3 seconds.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { OperatorError } from '../errors/operator-error.js';
import { connectAgent, withAgent } from '../protocol/index.js';

export interface DemoWorld {
  socketPath: string;
  env: NodeJS.ProcessEnv;
  root: string;
  controlUrl: string;
  close(): Promise<void>;
}

export interface DemoOptions {
  faults?: readonly string[];
  /** Write the lab's contract document here (control URL, ports) for scripts and tests. */
  labDocumentFile?: string;
}

/** Lab profile name → demo profile name. */
const DEMO_NAMES: Readonly<Record<string, string>> = { 'lab-onprem': 'demo-onprem', 'lab-online': 'demo-online' };
const AGENT_READY_TIMEOUT_MS = 20_000;

function stopChild(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
    child.once('exit', () => {
      clearTimeout(timer);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

async function waitForAgent(child: ChildProcess, socketPath: string, logFile: string): Promise<void> {
  const deadline = Date.now() + AGENT_READY_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null || child.signalCode !== null) break;
    try {
      (await connectAgent({ socketPath, connectTimeoutMs: 1_000 })).close();
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 40));
    }
  }
  let log = '';
  try {
    log = readFileSync(logFile, 'utf8').split('\n').slice(-5).join('\n');
  } catch {
    // no log written
  }
  throw new OperatorError({
    message: 'demo: the agent did not start', code: 'MB_DEMO_AGENT_FAILED', family: 'other',
    cause: `The demo's agent ${child.exitCode !== null ? `exited with code ${child.exitCode}` : 'did not answer in time'}.${log ? ` Last log lines:\n${log}` : ''}`,
    fix: ['Run `mailbridge agent` with MAILBRIDGE_STATE_DIR set to an empty directory to see the start-up error.'],
  });
}

export async function startDemoWorld(options: DemoOptions = {}): Promise<DemoWorld> {
  // A short root: Unix socket paths are limited to ~107 bytes.
  const root = mkdtempSync(path.join(os.tmpdir(), 'mb-demo-'));
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    MAILBRIDGE_CONFIG_DIR: path.join(root, 'config'),
    MAILBRIDGE_STATE_DIR: path.join(root, 'state'),
    MAILBRIDGE_SOCKET: path.join(root, 'run', 'agent.sock'),
    // The demo's secrets stay in its own vault, never in the operator's keyring.
    MAILBRIDGE_SECRET_BACKEND: 'vault',
  };
  const socketPath = env.MAILBRIDGE_SOCKET!;
  const cleanups: Array<() => Promise<void> | void> = [() => rmSync(root, { recursive: true, force: true })];
  // One closing for every caller (quit, then SIGHUP from a closing terminal): a second call
  // waits for the first instead of exiting half-way and leaving the agent and files behind.
  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => (closing ??= (async () => {
    for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
  })());
  try {
    const logFile = path.join(root, 'agent.log');
    const logFd = openSync(logFile, 'a', 0o600);
    // Straight into the agent service (what `mailbridge agent` runs), skipping the CLI's
    // command table: the agent's start-up is the demo's critical path.
    const service = new URL('../../agent/service/run-agent-service.js', import.meta.url).href;
    // Its stdin is a pipe from this process: when the demo dies, even by SIGKILL, the pipe
    // ends and the agent stops itself instead of living on as an orphan.
    const entry = [
      `process.stdin.on('end', () => process.kill(process.pid, 'SIGTERM')).resume();`,
      `const m = await import(${JSON.stringify(service)});`,
      'process.exitCode = await m.runAgentService(process.env, {});',
    ].join(' ');
    const agent = spawn(process.execPath, ['--input-type=module', '-e', entry], { env, stdio: ['pipe', logFd, logFd] });
    closeSync(logFd);
    cleanups.push(() => stopChild(agent));
    const { startLab } = await import('../../fixtures/lab/lab.js');
    const lab = await startLab({ faults: options.faults ?? [], mailboxes: 3, items: 30 });
    cleanups.push(() => lab.stop());
    if (options.labDocumentFile) writeFileSync(options.labDocumentFile, `${JSON.stringify(lab.document)}\n`, { mode: 0o600 });
    await waitForAgent(agent, socketPath, logFile);
    await withAgent(async (client) => {
      await Promise.all(lab.document.profiles.map(async (entry) => {
        const name = DEMO_NAMES[entry.name] ?? entry.name;
        const profile = { ...JSON.parse(readFileSync(entry.file, 'utf8')), name, default: name === 'demo-onprem' };
        await client.call('profiles.put', { profile });
        for (const [field, value] of Object.entries(entry.secrets)) await client.call('secrets.set', { profile: name, field, value });
      }));
    }, { socketPath });
    return { socketPath, env, root, controlUrl: lab.document.control, close };
  } catch (error) {
    await close();
    throw error;
  }
}

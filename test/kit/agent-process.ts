/**
 * Starting the built agent (`node dist/src/bin.js agent`) as a real child process in a
 * TempEnv, waiting until it answers `agent.hello` on its socket, and stopping it with a
 * signal. Its stdout and stderr (the pino log) are kept for assertions.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { BIN, assertBuilt } from './built-cli.js';
import { RawNdjsonClient } from './raw-ndjson-client.js';
import type { TempEnv } from './temp-env.js';

export interface AgentExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export class AgentProcess {
  private out = '';
  private err = '';
  readonly exited: Promise<AgentExit>;

  constructor(readonly child: ChildProcess, readonly socketPath: string) {
    child.stdout?.on('data', (chunk: Buffer) => (this.out += chunk.toString('utf8')));
    child.stderr?.on('data', (chunk: Buffer) => (this.err += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  get stdout(): string {
    return this.out;
  }

  /** The agent's log (pino JSON lines). */
  get stderr(): string {
    return this.err;
  }

  /** Sends a signal and waits for the exit (SIGKILL after `timeoutMs`, and then the test fails on the exit). */
  async stop(signal: NodeJS.Signals = 'SIGTERM', timeoutMs = 10_000): Promise<AgentExit> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return this.exited;
    this.child.kill(signal);
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    try {
      return await this.exited;
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Spawns the agent and resolves once it answers on its socket; rejects with its stderr if it exits first. */
export async function startAgent(tempEnv: TempEnv, options: { env?: Record<string, string>; readyTimeoutMs?: number } = {}): Promise<AgentProcess> {
  assertBuilt();
  const env = { ...tempEnv.env, ...options.env };
  const child = spawn(process.execPath, [BIN, 'agent'], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  const agent = new AgentProcess(child, env.MAILBRIDGE_SOCKET ?? tempEnv.socketPath);
  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  let exited: AgentExit | undefined;
  void agent.exited.then((exit) => (exited = exit));
  while (Date.now() < deadline) {
    if (exited) throw new Error(`the agent exited before it was ready (code ${exited.code}, signal ${exited.signal})\nstderr:\n${agent.stderr}\nstdout:\n${agent.stdout}`);
    if (await answersHello(agent.socketPath)) return agent;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await agent.stop('SIGKILL');
  throw new Error(`the agent did not answer on ${agent.socketPath} within the deadline\nstderr:\n${agent.stderr}`);
}

/** Whether something answers `agent.hello` at the path right now. */
export async function answersHello(socketPath: string): Promise<boolean> {
  let client: RawNdjsonClient | undefined;
  try {
    client = await RawNdjsonClient.connect(socketPath);
    const answer = await client.request('agent.hello', {}, 2_000);
    return answer.result?.protocol === 1;
  } catch {
    return false;
  } finally {
    client?.close();
  }
}

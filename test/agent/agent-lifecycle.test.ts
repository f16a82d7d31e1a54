// The agent process (issue #2, AG-1, architecture.md "The agent protocol"): it serves
// agent.hello to clients that are not ours (socat, Python), its socket is 0600 in a 0700
// directory, SIGTERM/SIGINT remove the socket and exit 0, a socket left by a SIGKILLed
// agent is replaced, and a second agent on a live socket refuses to start.
import { execFile } from 'node:child_process';
import { existsSync, lstatSync, statSync, writeFileSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { startAgent, answersHello, type AgentProcess } from '../kit/agent-process.js';
import { runCli } from '../kit/built-cli.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

const run = promisify(execFile);
const HELLO = '{"jsonrpc":"2.0","id":7,"method":"agent.hello","params":{"client":"outsider"}}';

let world: TempEnv | undefined;
const agents: AgentProcess[] = [];

afterEach(async () => {
  for (const agent of agents.splice(0)) await agent.stop('SIGKILL');
  world?.cleanup();
  world = undefined;
});

async function start(): Promise<AgentProcess> {
  world ??= createTempEnv();
  const agent = await startAgent(world);
  agents.push(agent);
  return agent;
}

describe('mailbridge agent', () => {
  it('serves agent.hello to socat and to a Python socket client, on a 0600 socket in a 0700 directory', async () => {
    const agent = await start();
    const socket = world!.socketPath;
    expect(lstatSync(socket).isSocket()).toBe(true);
    expect(lstatSync(socket).mode & 0o777).toBe(0o600);
    expect(statSync(path.dirname(socket)).mode & 0o777).toBe(0o700);

    const viaSocat = await run('sh', ['-c', `printf '%s\\n' '${HELLO}' | socat -t 2 - UNIX-CONNECT:${socket}`]);
    const fromSocat = JSON.parse(viaSocat.stdout.trim().split('\n')[0]!) as { id: number; result: Record<string, unknown> };
    expect(fromSocat.id).toBe(7);
    expect(fromSocat.result).toMatchObject({ protocol: 1, agentVersion: expect.any(String), secretBackend: 'vault', pid: agent.pid });

    const python = [
      'import socket,sys,json',
      's=socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])',
      's.sendall((sys.argv[2]+"\\n").encode())',
      'buf=b""',
      'while not buf.endswith(b"\\n"): buf+=s.recv(65536)',
      'print(json.loads(buf)["result"]["protocol"])',
    ].join('\n');
    const viaPython = await run('python3', ['-c', python, socket, HELLO]);
    expect(viaPython.stdout.trim()).toBe('1');
  });

  it.each(['SIGTERM', 'SIGINT'] as const)('%s closes the socket, removes the socket file and exits 0', async (signal) => {
    const agent = await start();
    expect(existsSync(world!.socketPath)).toBe(true);
    const exit = await agent.stop(signal);
    expect(exit).toEqual({ code: 0, signal: null });
    expect(existsSync(world!.socketPath)).toBe(false);
    expect(agent.stdout).toContain('"msg":"agent stopped"');
    // The database was closed cleanly: WAL checkpointed into the main file, no -wal left behind.
    expect(existsSync(path.join(world!.stateDir, 'mailbridge.db'))).toBe(true);
    expect(existsSync(path.join(world!.stateDir, 'mailbridge.db-wal'))).toBe(false);
  });

  it('replaces a stale socket left by a SIGKILLed agent', async () => {
    const first = await start();
    await first.stop('SIGKILL');
    expect(lstatSync(world!.socketPath).isSocket()).toBe(true); // left behind
    expect(await answersHello(world!.socketPath)).toBe(false);

    const second = await start();
    expect(second.pid).not.toBe(first.pid);
    expect(second.stdout).toContain('replaced a stale socket');
    expect(lstatSync(world!.socketPath).mode & 0o777).toBe(0o600);
    expect(await answersHello(world!.socketPath)).toBe(true);
  });

  it('refuses to start a second agent on a live socket, naming the running one, and leaves it serving', async () => {
    const first = await start();
    const second = await runCli(['agent'], { env: world!.env });
    expect(second.code).toBe(1);
    expect(second.stderr).toContain(`an agent is already running on ${world!.socketPath} (pid ${first.pid})`);
    expect(second.stderr).toContain('mailbridge status');
    expect(await answersHello(world!.socketPath)).toBe(true);
    expect(existsSync(world!.socketPath)).toBe(true);
  });

  it('never deletes a file at the socket path that is not a socket', async () => {
    world = createTempEnv();
    mkdirSync(path.dirname(world.socketPath), { recursive: true, mode: 0o700 });
    writeFileSync(world.socketPath, 'not a socket');
    const result = await runCli(['agent'], { env: world.env });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('exists and is not a socket');
    expect(lstatSync(world.socketPath).isFile()).toBe(true);
  });

  it('refuses a socket directory other users can enter, rather than chmod-ing it', async () => {
    world = createTempEnv();
    const shared = path.join(world.root, 'shared');
    mkdirSync(shared, { mode: 0o755 });
    const result = await runCli(['agent'], { env: { ...world.env, MAILBRIDGE_SOCKET: path.join(shared, 'agent.sock') } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('is open to other users (mode 755)');
    expect(statSync(shared).mode & 0o777).toBe(0o755);
  });
});

// The typed client's "no agent" errors (issue #2, architecture.md "The agent protocol"):
// a missing socket and a stale one both give AgentNotRunningError with the way to start
// an agent; connectAgent/withAgent surface the same error.
import { lstatSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { AgentClient, AgentNotRunningError, withAgent } from '../../src/protocol/index.js';
import { makeStaleSocket } from '../kit/stale-socket.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let world: TempEnv | undefined;
afterEach(() => world?.cleanup());

describe('AgentClient without an agent', () => {
  it('reports a missing socket as AgentNotRunningError with how to start one', async () => {
    world = createTempEnv();
    const error = await AgentClient.connect({ socketPath: world.socketPath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentNotRunningError);
    const notRunning = error as AgentNotRunningError;
    expect(notRunning.code).toBe('MB_AGENT_NOT_RUNNING');
    expect(notRunning.message).toContain(world.socketPath);
    expect(notRunning.cause).toMatch(/does not exist/);
    expect(notRunning.fix.join('\n')).toContain('mailbridge agent');
    expect(notRunning.fix.join('\n')).toContain('MAILBRIDGE_SOCKET');
    expect(notRunning.exitCode).toBe(1);
  });

  it('reports a stale socket (nobody listening) the same way, naming ECONNREFUSED', async () => {
    world = createTempEnv();
    makeStaleSocket(world.socketPath);
    expect(lstatSync(world.socketPath).isSocket()).toBe(true);
    const error = await withAgent(async () => 'unreachable', { socketPath: world.socketPath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentNotRunningError);
    expect((error as AgentNotRunningError).cause).toContain('ECONNREFUSED');
    expect((error as AgentNotRunningError).details).toMatchObject({ systemCode: 'ECONNREFUSED', socketPath: world.socketPath });
  });

  it('uses MAILBRIDGE_SOCKET from the environment when no path is given', async () => {
    world = createTempEnv();
    const previous = process.env.MAILBRIDGE_SOCKET;
    process.env.MAILBRIDGE_SOCKET = path.join(world.root, 'elsewhere.sock');
    try {
      const error = await AgentClient.connect().catch((e: unknown) => e);
      expect((error as AgentNotRunningError).socketPath).toBe(path.join(world.root, 'elsewhere.sock'));
    } finally {
      if (previous === undefined) delete process.env.MAILBRIDGE_SOCKET;
      else process.env.MAILBRIDGE_SOCKET = previous;
    }
  });
});

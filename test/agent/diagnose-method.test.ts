// diagnose.explain over the socket (issue #5, AG-2): the agent answers with the same
// diagnosis document as `mailbridge diagnose --json`, and bad params are -32602.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentRequestError, connectAgent, RpcErrorCode, type AgentClient } from '../../src/protocol/index.js';
import { diagnose } from '../../src/diagnosis/index.js';
import { startAgent, type AgentProcess } from '../kit/agent-process.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let world: TempEnv;
let agent: AgentProcess;
let client: AgentClient;

beforeAll(async () => {
  world = createTempEnv();
  agent = await startAgent(world);
  client = await connectAgent({ socketPath: world.socketPath });
});

afterAll(async () => {
  client.close();
  await agent.stop('SIGTERM');
  world.cleanup();
});

describe('diagnose.explain', () => {
  it('explains a log line exactly as the in-process matcher does', async () => {
    const text = 'ERROR sync failed: AADSTS7000215: Invalid client secret provided. Trace ID: 1f0c';
    const answer = await client.call('diagnose.explain', { text });
    expect(answer.matches[0]?.code).toBe('AADSTS7000215');
    expect(answer).toEqual(diagnose(text));
  });

  it('looks up one code', async () => {
    const answer = await client.call('diagnose.explain', { code: 'ErrorImpersonateUserDenied' });
    expect(answer.matches).toHaveLength(1);
    expect(answer.matches[0]).toMatchObject({ code: 'ErrorImpersonateUserDenied', family: expect.any(String) });
    expect(answer.matches[0]?.fix.length).toBeGreaterThan(0);
  });

  it('refuses params with neither text nor code as -32602, and keeps serving', async () => {
    const error = await client.call('diagnose.explain', {}).then(() => undefined, (e: unknown) => e);
    expect(error).toBeInstanceOf(AgentRequestError);
    expect((error as AgentRequestError).rpcCode).toBe(RpcErrorCode.InvalidParams);
    expect((await client.call('agent.hello', { protocol: 1 })).protocol).toBe(1);
  });
});

// The typed client against peers that misbehave (issue #2): no answer in time (-32090),
// a dropped connection (-32091), another protocol major (MB_PROTOCOL_MISMATCH), an answer
// that does not match the method table (internal error), and notifications that race
// the answer to events.subscribe. The peer is a scripted NDJSON server on a real socket.
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { InternalError } from '../../src/errors/operator-error.js';
import { AgentClient, AgentRequestError, RpcErrorCode, connectAgent, type AgentNotification } from '../../src/protocol/index.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

type Request = { id?: number; method: string; params?: unknown };
type Script = (request: Request, socket: net.Socket) => void;

let world: TempEnv | undefined;
let server: net.Server | undefined;

afterEach(async () => {
  if (server) await new Promise((resolve) => server!.close(resolve));
  server = undefined;
  world?.cleanup();
});

async function scriptedPeer(script: Script): Promise<string> {
  world = createTempEnv();
  const socketPath = path.join(world.root, 'fake.sock');
  server = net.createServer((socket) => {
    let buffered = '';
    socket.on('error', () => undefined);
    socket.on('data', (chunk) => {
      buffered += chunk.toString('utf8');
      let newline: number;
      while ((newline = buffered.indexOf('\n')) !== -1) {
        const line = buffered.slice(0, newline);
        buffered = buffered.slice(newline + 1);
        script(JSON.parse(line) as Request, socket);
      }
    });
  });
  await new Promise<void>((resolve) => server!.listen(socketPath, resolve));
  return socketPath;
}

const reply = (socket: net.Socket, message: unknown): boolean => socket.write(`${JSON.stringify(message)}\n`);

describe('AgentClient against a misbehaving peer', () => {
  it('gives up on a request with no answer after its time-out (-32090)', async () => {
    const socketPath = await scriptedPeer(() => undefined);
    const client = await AgentClient.connect({ socketPath, timeoutMs: 200 });
    const error = await client.call('agent.status').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentRequestError);
    expect((error as AgentRequestError).rpcCode).toBe(RpcErrorCode.RequestTimeout);
    expect((error as AgentRequestError).code).toBe('MB_AGENT_TIMEOUT');
    client.close();
  });

  it('fails pending requests when the connection drops (-32091)', async () => {
    const socketPath = await scriptedPeer((_request, socket) => socket.destroy());
    const client = await AgentClient.connect({ socketPath });
    let closed = false;
    client.onClose(() => (closed = true));
    const error = await client.call('agent.status').catch((e: unknown) => e);
    expect((error as AgentRequestError).rpcCode).toBe(RpcErrorCode.ConnectionLost);
    expect((error as AgentRequestError).fix.join(' ')).toMatch(/start it again/);
    expect(closed).toBe(true);
  });

  it('refuses an agent that speaks another protocol major', async () => {
    const socketPath = await scriptedPeer((request, socket) => {
      reply(socket, { jsonrpc: '2.0', id: request.id, result: { protocol: 2, agentVersion: '9.0.0', secretBackend: 'vault', pid: 1, methods: [] } });
    });
    const error = await connectAgent({ socketPath }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(AgentRequestError);
    expect((error as AgentRequestError).code).toBe('MB_PROTOCOL_MISMATCH');
    expect((error as AgentRequestError).message).toContain('protocol 2');
  });

  it('treats an answer that breaks the method table as an internal error, not data', async () => {
    const socketPath = await scriptedPeer((request, socket) => reply(socket, { jsonrpc: '2.0', id: request.id, result: { pid: 'not a number' } }));
    const client = await AgentClient.connect({ socketPath });
    const error = await client.call('agent.status').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(InternalError);
    expect((error as InternalError).message).toContain('agent.status');
    client.close();
  });

  it('delivers a snapshot that arrives in the same chunk as the answer naming its subscription', async () => {
    const socketPath = await scriptedPeer((request, socket) => {
      const answer = JSON.stringify({ jsonrpc: '2.0', id: request.id, result: { subscription: 'sub-9', seq: 4 } });
      const snapshot = JSON.stringify({ jsonrpc: '2.0', method: 'events.snapshot', params: { subscription: 'sub-9', seq: 4, data: {} } });
      const change = JSON.stringify({ jsonrpc: '2.0', method: 'agent.stopping', params: { subscription: 'sub-9', seq: 5, data: { reason: 'x' } } });
      socket.write(`${answer}\n${snapshot}\n${change}\n`);
    });
    const client = await AgentClient.connect({ socketPath });
    const got: AgentNotification[] = [];
    const subscription = await client.subscribe((n) => got.push(n));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(subscription).toMatchObject({ id: 'sub-9', seq: 4 });
    expect(got.map((n) => [n.method, n.params.seq])).toEqual([['events.snapshot', 4], ['agent.stopping', 5]]);
    client.close();
  });

  it('refuses to send a request over 1 MiB, before writing anything', async () => {
    let received = 0;
    const socketPath = await scriptedPeer(() => (received += 1));
    const client = await AgentClient.connect({ socketPath });
    const error = await client.call('profiles.validate', { profile: { blob: 'x'.repeat(1024 * 1024) } }).catch((e: unknown) => e);
    expect((error as AgentRequestError).rpcCode).toBe(RpcErrorCode.FrameTooLarge);
    expect((error as AgentRequestError).exitCode).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(received).toBe(0);
    client.close();
  });
});

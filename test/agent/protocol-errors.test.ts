// Every protocol error case of issue #2 against the real agent, each followed by proof
// that the same connection — and the agent — still serve: malformed JSON -32700, not a
// request -32600, unknown method -32601, invalid params -32602 naming the field path,
// a frame over 1 MiB refused, a client leaving mid-request, another protocol major.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startAgent, answersHello, type AgentProcess } from '../kit/agent-process.js';
import { RawNdjsonClient, type RpcMessage } from '../kit/raw-ndjson-client.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let world: TempEnv;
let agent: AgentProcess;

beforeAll(async () => {
  world = createTempEnv();
  agent = await startAgent(world);
});

afterAll(async () => {
  const exit = await agent.stop('SIGTERM');
  world.cleanup();
  // After all the abuse below, the agent still shuts down cleanly.
  expect(exit).toEqual({ code: 0, signal: null });
});

async function client(): Promise<RawNdjsonClient> {
  return RawNdjsonClient.connect(world.socketPath);
}

async function stillServes(c: RawNdjsonClient): Promise<void> {
  const answer = await c.request('agent.hello', {});
  expect(answer.result?.protocol).toBe(1);
}

describe('protocol errors', () => {
  it('answers malformed JSON with -32700 and id null, then keeps serving the connection', async () => {
    const c = await client();
    c.write('{"jsonrpc":"2.0","id":1,"method":\n');
    const answer = await c.next();
    expect(answer).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: -32700 } });
    expect(answer.error?.message).toMatch(/malformed JSON/);
    await stillServes(c);
    c.close();
  });

  it.each([
    ['a number', '42'],
    ['null', 'null'],
    ['an object without method', '{"jsonrpc":"2.0","id":3}'],
    ['a wrong jsonrpc version', '{"jsonrpc":"1.0","id":4,"method":"agent.hello"}'],
    ['an empty batch', '[]'],
  ])('answers %s with -32600', async (_label, line) => {
    const c = await client();
    c.write(`${line}\n`);
    const answer = await c.next();
    expect(answer.error?.code).toBe(-32600);
    await stillServes(c);
    c.close();
  });

  it('answers an unknown method with -32601 naming it and listing the known ones', async () => {
    const c = await client();
    const answer = await c.request('agent.selfDestruct', {});
    expect(answer.error?.code).toBe(-32601);
    expect(answer.error?.message).toContain('"agent.selfDestruct"');
    expect(answer.error?.data?.known).toContain('agent.status');
    await stillServes(c);
    c.close();
  });

  it('answers invalid params with -32602 naming the field path', async () => {
    const c = await client();
    const wrongType = await c.request('profiles.get', { name: 42 });
    expect(wrongType.error?.code).toBe(-32602);
    expect(wrongType.error?.message).toMatch(/^invalid params: name: /);
    expect(wrongType.error?.data?.issues).toEqual([expect.objectContaining({ path: 'name' })]);

    const missing = await c.request('secrets.set', { profile: 'acme', field: 'password' });
    expect(missing.error?.code).toBe(-32602);
    expect(missing.error?.data?.issues).toEqual([expect.objectContaining({ path: 'value' })]);

    const nested = await c.request('events.subscribe', { topics: ['profiles', 'weather'] });
    expect(nested.error?.code).toBe(-32602);
    expect(nested.error?.message).toContain('topics.1');

    const notAnObject = await c.request('profiles.get', ['acme']);
    expect(notAnObject.error?.code).toBe(-32602);
    await stillServes(c);
    c.close();
  });

  it('refuses a frame over 1 MiB with -32004, discards the rest of that line and serves the next', async () => {
    const c = await client();
    const huge = JSON.stringify({ jsonrpc: '2.0', id: 9, method: 'agent.hello', params: { client: 'x'.repeat(1024 * 1024 + 10) } });
    c.write(`${huge}\n`);
    const refused = await c.next();
    expect(refused).toMatchObject({ id: null, error: { code: -32004, data: { maxFrameBytes: 1_048_576 } } });
    // The tail of the long line produced no second answer: the next message answers this hello.
    await stillServes(c);
    c.close();
  });

  it('accepts a frame just under 1 MiB', async () => {
    const c = await client();
    const request = { jsonrpc: '2.0', id: 5, method: 'agent.hello', params: {} as Record<string, string> };
    const overhead = Buffer.byteLength(JSON.stringify({ ...request, params: { pad: '' } }));
    request.params.pad = 'p'.repeat(1024 * 1024 - overhead);
    c.send(request);
    const answer = await c.next();
    expect(answer.id).toBe(5);
    expect(answer.result?.protocol).toBe(1);
    c.close();
  });

  it('answers a batch with one answer per request and none for a notification', async () => {
    const c = await client();
    c.send([
      { jsonrpc: '2.0', id: 'a', method: 'agent.hello' },
      { jsonrpc: '2.0', method: 'agent.hello' },
      { jsonrpc: '2.0', id: 'b', method: 'nope' },
      17,
    ]);
    const answer = (await c.next()) as unknown as RpcMessage[];
    expect(answer).toHaveLength(3);
    expect(new Set(answer.map((a) => a.id))).toEqual(new Set(['a', 'b', null]));
    expect(answer.find((a) => a.id === 'b')?.error?.code).toBe(-32601);
    expect(answer.find((a) => a.id === null)?.error?.code).toBe(-32600);
    c.close();
  });

  it('refuses a client of another protocol major with -32005 and a fix', async () => {
    const c = await client();
    const answer = await c.request('agent.hello', { protocol: 2 });
    expect(answer.error?.code).toBe(-32005);
    expect(answer.error?.data).toMatchObject({ code: 'MB_PROTOCOL_MISMATCH', fix: [expect.stringContaining('same mailbridge version')] });
    c.close();
  });

  it('answers a missing profile with -32002 and the operator error as data', async () => {
    const c = await client();
    const answer = await c.request('profiles.get', { name: 'nobody' });
    expect(answer.error?.code).toBe(-32002);
    expect(answer.error?.data).toMatchObject({ code: 'MB_PROFILE_NOT_FOUND', family: 'config', fix: expect.any(Array) });
    c.close();
  });

  it('is unharmed by clients that leave mid-request, mid-frame, or without reading their answers', async () => {
    const leaving = await client();
    leaving.write('{"jsonrpc":"2.0","id":1,"method":"agent.status"}\n{"jsonrpc":"2.0","id":2,"meth');
    leaving.close();

    // Pipelines thousands of requests and never reads: backpressure stops reading from it.
    const flooding = await client();
    const line = '{"jsonrpc":"2.0","id":1,"method":"agent.status"}\n';
    flooding.write(line.repeat(20_000));
    await new Promise((resolve) => setTimeout(resolve, 300));
    flooding.close();

    const later = await client();
    await stillServes(later);
    later.close();
    expect(await answersHello(world.socketPath)).toBe(true);
  });
});

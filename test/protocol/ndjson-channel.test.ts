// Backpressure of the NDJSON channel (issue #2, architecture.md "maximum line length,
// backpressure") on a real Unix socket pair: when the peer stops reading, the channel
// stops reading from it; when it reads again, reading resumes; a peer that never reads
// is dropped once too much is queued; holds for several reasons combine.
import net from 'node:net';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { NdjsonChannel } from '../../src/protocol/ndjson-channel.js';
import type { DecodedFrame } from '../../src/protocol/ndjson-framing.js';
import { createTempEnv, type TempEnv } from '../kit/temp-env.js';

let world: TempEnv | undefined;
const cleanups: Array<() => void> = [];

afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
  world?.cleanup();
});

/** A connected pair: `ours` (wrapped by the channel under test) and `peer` (a raw socket). */
async function socketPair(): Promise<{ ours: net.Socket; peer: net.Socket }> {
  world = createTempEnv();
  const socketPath = path.join(world.root, 'pair.sock');
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(socketPath, resolve));
  const accepted = new Promise<net.Socket>((resolve) => server.once('connection', resolve));
  const peer = net.createConnection(socketPath);
  const ours = await accepted;
  cleanups.push(() => {
    peer.destroy();
    ours.destroy();
    server.close();
  });
  return { ours, peer };
}

const frame = (bytes: number) => ({ pad: 'x'.repeat(bytes) });
const until = async (condition: () => boolean): Promise<void> => {
  const deadline = Date.now() + 5_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

describe('NdjsonChannel', () => {
  it('stops reading from a peer that does not read, and resumes when it drains', async () => {
    const { ours, peer } = await socketPair();
    peer.pause(); // the peer reads nothing
    const frames: DecodedFrame[] = [];
    const channel = new NdjsonChannel(ours, { onFrame: (f) => frames.push(f), onClose: () => undefined });
    let writes = 0;
    while (!ours.isPaused() && writes < 10_000) {
      channel.send(frame(64 * 1024));
      writes += 1;
    }
    expect(ours.isPaused()).toBe(true);
    expect(writes).toBeLessThan(10_000);
    expect(channel.isOpen).toBe(true);

    peer.resume(); // reads everything: 'drain' follows
    await until(() => !ours.isPaused());
    peer.write('{"after":"drain"}\n');
    await until(() => frames.length === 1);
    expect(frames[0]).toEqual({ kind: 'line', text: '{"after":"drain"}' });
  });

  it('drops a peer that leaves more than maxQueuedBytes unread', async () => {
    const { ours, peer } = await socketPair();
    peer.pause();
    let closed = false;
    const channel = new NdjsonChannel(ours, { onFrame: () => undefined, onClose: () => (closed = true) }, { maxQueuedBytes: 512 * 1024 });
    let accepted = true;
    for (let i = 0; i < 200 && accepted; i += 1) accepted = channel.send(frame(64 * 1024));
    expect(accepted).toBe(false);
    await until(() => closed);
    expect(channel.isOpen).toBe(false);
    expect(channel.send({ late: true })).toBe(false);
  });

  it('keeps reading paused until every hold is released', async () => {
    const { ours } = await socketPair();
    const channel = new NdjsonChannel(ours, { onFrame: () => undefined, onClose: () => undefined });
    channel.hold('in-flight');
    channel.hold('peer-not-reading');
    channel.release('in-flight');
    expect(ours.isPaused()).toBe(true);
    channel.release('peer-not-reading');
    expect(ours.isPaused()).toBe(false);
  });

  it('reports an over-long line from the peer and decodes the next one', async () => {
    const { ours, peer } = await socketPair();
    const frames: DecodedFrame[] = [];
    new NdjsonChannel(ours, { onFrame: (f) => frames.push(f), onClose: () => undefined }, { maxFrameBytes: 1000 });
    peer.write(`${'y'.repeat(5000)}\n{"ok":1}\n`);
    await until(() => frames.length === 2);
    expect(frames[0]).toMatchObject({ kind: 'oversize' });
    expect(frames[1]).toEqual({ kind: 'line', text: '{"ok":1}' });
  });
});

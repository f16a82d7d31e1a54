// How ingestion groups the messages it reads (#7, O365-3, O365-4): few round trips for many
// small messages, bounded bytes in memory per batch, a large or unsized message alone.
import { describe, expect, it } from 'vitest';
import { planMessageReads } from '../../agent/sync/message-read-batches.js';

const limits = { maxCount: 3, maxBytes: 1000 };
const ids = (batches: Array<Array<{ id: string }>>) => batches.map((b) => b.map((m) => m.id));

describe('planMessageReads', () => {
  it('fills batches up to the count, in listing order', () => {
    const messages = ['a', 'b', 'c', 'd', 'e', 'f', 'g'].map((id) => ({ id, size: 10 }));
    expect(ids(planMessageReads(messages, limits))).toEqual([['a', 'b', 'c'], ['d', 'e', 'f'], ['g']]);
  });

  it('starts a new batch before the byte budget would be exceeded', () => {
    const messages = [{ id: 'a', size: 400 }, { id: 'b', size: 500 }, { id: 'c', size: 200 }, { id: 'd', size: 800 }];
    expect(ids(planMessageReads(messages, limits))).toEqual([['a', 'b'], ['c', 'd']]);
  });

  it('reads a message larger than the budget, or of unknown size, alone', () => {
    const messages = [{ id: 'a', size: 10 }, { id: 'big', size: 5000 }, { id: 'b', size: 10 }, { id: 'unsized' }, { id: 'c', size: 10 }];
    expect(ids(planMessageReads(messages, limits))).toEqual([['a'], ['big'], ['b'], ['unsized'], ['c']]);
  });

  it('plans nothing for nothing and keeps the fields the caller added', () => {
    expect(planMessageReads([], limits)).toEqual([]);
    expect(planMessageReads([{ id: 'a', size: 1, dated: true }], limits)).toEqual([[{ id: 'a', size: 1, dated: true }]]);
  });
});

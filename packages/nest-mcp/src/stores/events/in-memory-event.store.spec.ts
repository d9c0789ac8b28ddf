import type { EventId, JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from './in-memory-event.store.js';

const note = (n: number) => ({ jsonrpc: '2.0' as const, method: 'notifications/message', params: { n } });
const numberIn = (message: JSONRPCMessage) => (message as { params?: { n?: number } }).params?.n;

async function replay(store: InMemoryEventStore, after: EventId) {
  const sent: { id: EventId; message: JSONRPCMessage }[] = [];
  const streamId = await store.replayEventsAfter(after, {
    send: async (id, message) => void sent.push({ id, message }),
  });
  return { streamId, sent };
}

describe('InMemoryEventStore', () => {
  it('replays what came after an event, as it was when stored', async () => {
    const store = new InMemoryEventStore();
    const first = await store.storeEvent('s1', note(1));
    const second = note(2);
    const secondId = await store.storeEvent('s1', second);
    await store.storeEvent('s2', note(9));
    const thirdId = await store.storeEvent('s1', note(3));
    second.params.n = 99; // changed after it was stored

    const { streamId, sent } = await replay(store, first);
    expect(streamId).toBe('s1');
    expect(sent).toEqual([
      { id: secondId, message: note(2) },
      { id: thirdId, message: note(3) },
    ]);
    expect(await store.getStreamIdForEventId(first)).toBe('s1');
    await expect(replay(store, 'nowhere::1')).rejects.toThrow('Unknown event id');
  });

  it('keeps the most recently written streams and the latest events of each', async () => {
    const store = new InMemoryEventStore({ maxStreams: 2, maxEventsPerStream: 2 });
    const a = await store.storeEvent('a', note(1));
    const b = await store.storeEvent('b', note(1));
    await store.storeEvent('a', note(2)); // a is now the most recent
    await store.storeEvent('c', note(1)); // evicts b
    expect(await store.getStreamIdForEventId(b)).toBeUndefined();
    expect(await store.getStreamIdForEventId(a)).toBe('a');

    await store.storeEvent('a', note(3)); // a keeps its latest two: 2 and 3
    const { sent } = await replay(store, a); // 1 is gone: everything still kept is replayed
    expect(sent.map(({ message }) => numberIn(message))).toEqual([2, 3]);
  });
});

describe('InMemoryEventStore bounds in bytes', () => {
  const sized = (n: number, chars: number) => ({
    jsonrpc: '2.0' as const,
    method: 'notifications/message',
    params: { n, pad: 'x'.repeat(chars) },
  });

  it('stays within its byte budget, dropping the least recently written streams first', async () => {
    const store = new InMemoryEventStore({ maxBytes: 10_000 });
    const old = await store.storeEvent('old', sized(1, 4_000));
    await store.storeEvent('mid', sized(1, 4_000));
    await store.storeEvent('new', sized(1, 4_000)); // over budget: "old" goes
    expect(store.bytes).toBeLessThanOrEqual(10_000);
    expect(await store.getStreamIdForEventId(old)).toBeUndefined();
    expect(await store.getStreamIdForEventId(await store.storeEvent('mid', note(2)))).toBe('mid');
  });

  it('trims the stream being written when it alone is over the budget', async () => {
    const store = new InMemoryEventStore({ maxBytes: 10_000, maxEventsPerStream: 1_000 });
    const first = await store.storeEvent('s', sized(0, 10));
    for (let n = 1; n <= 10; n++) await store.storeEvent('s', sized(n, 3_000));
    expect(store.bytes).toBeLessThanOrEqual(10_000);
    const { sent } = await replay(store, first);
    expect(sent.map(({ message }) => numberIn(message))).toEqual([8, 9, 10]);
  });

  it('sends but does not keep an event over the per-event cap; a resume after it replays what follows', async () => {
    const store = new InMemoryEventStore({ maxEventBytes: 1_000 });
    const first = await store.storeEvent('s', note(1));
    const big = await store.storeEvent('s', sized(2, 5_000));
    await store.storeEvent('s', note(3));
    expect(store.bytes).toBeLessThan(1_000);
    expect((await replay(store, first)).sent.map(({ message }) => numberIn(message))).toEqual([3]);
    expect((await replay(store, big)).sent.map(({ message }) => numberIn(message))).toEqual([3]);
  });

  it("forgets a session's streams, and only that session's", async () => {
    const store = new InMemoryEventStore();
    const mine = await store.storeEvent('s1/a', sized(1, 1_000));
    await store.storeEvent('s1/_GET_stream', sized(2, 1_000));
    const theirs = await store.storeEvent('s2/a', note(1));
    await store.forgetSession('s1');
    expect(await store.getStreamIdForEventId(mine)).toBeUndefined();
    expect(await store.getStreamIdForEventId(theirs)).toBe('s2/a');
    expect(store.bytes).toBe(JSON.stringify(note(1)).length);
  });
});

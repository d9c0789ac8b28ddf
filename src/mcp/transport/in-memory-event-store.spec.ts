import type { EventId, JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { InMemoryEventStore } from './in-memory-event-store.js';

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

import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemorySessionStore } from './in-memory-session.store.js';
import type { SessionRecord } from './session.store.js';

const recordOf = (id: string, tenant: string): SessionRecord => ({
  id,
  tenant,
  initialize: { jsonrpc: '2.0', id: 1, method: 'initialize', params: {} },
  subscriptions: [],
});

describe('InMemorySessionStore', () => {
  let store: InMemorySessionStore | undefined;
  afterEach(() => {
    store?.onApplicationShutdown();
    vi.useRealTimers();
  });

  it('a caller past its bound loses its own least recently touched record, never another’s', async () => {
    store = new InMemorySessionStore({ maxSessions: 100 });
    await store.create(recordOf('a1', 'alice'), 60_000, 2);
    await store.create(recordOf('a2', 'alice'), 60_000, 2);
    await store.create(recordOf('b1', 'bob'), 60_000, 2);
    await store.touch('a1', 60_000);
    expect(await store.create(recordOf('a3', 'alice'), 60_000, 2)).toEqual(['a2']);
    expect(await store.load('a2')).toBeUndefined();
    expect(await store.load('b1')).toMatchObject({ id: 'b1' });
  });

  it('at its bound in all, the caller holding the most gives one up', async () => {
    store = new InMemorySessionStore({ maxSessions: 3 });
    await store.create(recordOf('a1', 'alice'), 60_000, 10);
    await store.create(recordOf('a2', 'alice'), 60_000, 10);
    await store.create(recordOf('b1', 'bob'), 60_000, 10);
    expect(await store.create(recordOf('c1', 'carol'), 60_000, 10)).toEqual(['a1']);
    expect(store.size).toBe(3);
  });

  it('a record expires ttl after its last touch, for every method, and is swept with word of it', async () => {
    vi.useFakeTimers();
    const expired: string[] = [];
    store = new InMemorySessionStore({ maxSessions: 10, sweepEveryMs: 100, onExpired: (id) => expired.push(id) });
    await store.create(recordOf('s1', 'alice'), 1_000, 10);
    vi.advanceTimersByTime(900);
    expect(await store.touch('s1', 1_000)).toBe(true);
    vi.advanceTimersByTime(900);
    expect(await store.load('s1')).toMatchObject({ id: 's1' });
    vi.advanceTimersByTime(200);
    expect(await store.touch('s1', 1_000)).toBe(false);
    expect(await store.load('s1')).toBeUndefined();
    vi.advanceTimersByTime(100);
    expect(expired).toEqual(['s1']);
    expect(store.size).toBe(0);
  });

  it('changes a record only through update, and never brings a deleted one back', async () => {
    store = new InMemorySessionStore({ maxSessions: 10 });
    const record = recordOf('s1', 'alice');
    await store.create(record, 60_000, 10);
    record.subscriptions.push('test://not-stored');
    (await store.load('s1'))!.subscriptions.push('test://not-stored-either');
    expect((await store.load('s1'))!.subscriptions).toEqual([]);
    await store.update('s1', { subscriptions: ['test://a'], logLevel: 'debug' });
    expect(await store.load('s1')).toMatchObject({ subscriptions: ['test://a'], logLevel: 'debug' });
    await store.delete('s1');
    await store.update('s1', { logLevel: 'info' });
    expect(await store.touch('s1', 60_000)).toBe(false);
    expect(store.size).toBe(0);
  });
});

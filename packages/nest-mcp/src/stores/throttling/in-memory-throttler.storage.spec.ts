import { afterEach, describe, expect, it, vi } from 'vitest';
import { InMemoryThrottlerStorage } from './in-memory-throttler.storage.js';

describe('InMemoryThrottlerStorage', () => {
  const storage = new InMemoryThrottlerStorage();
  afterEach(() => vi.useRealTimers());

  it('counts hits in a fixed window, blocks past the limit, and starts over when the window ends', async () => {
    vi.useFakeTimers();
    vi.setSystemTime(0);
    const hit = () => storage.increment('caller', 1_000, 2, 1_000, 'default');
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false, timeToExpire: 1 });
    expect(await hit()).toMatchObject({ totalHits: 2, isBlocked: false });
    expect(await hit()).toMatchObject({ totalHits: 3, isBlocked: true, timeToBlockExpire: 1 });
    expect(await storage.increment('someone-else', 1_000, 2, 1_000, 'default')).toMatchObject({ isBlocked: false });
    vi.setSystemTime(1_001);
    expect(await hit()).toMatchObject({ totalHits: 1, isBlocked: false });
    storage.onApplicationShutdown();
  });

  it('does the same constant work at any rate (no per-hit bookkeeping)', async () => {
    for (let i = 0; i < 200_000; i++) await storage.increment('busy', 60_000, 1_000_000, 1_000, 'default');
    expect((await storage.increment('busy', 60_000, 1_000_000, 1_000, 'default')).totalHits).toBe(200_001);
  });
});

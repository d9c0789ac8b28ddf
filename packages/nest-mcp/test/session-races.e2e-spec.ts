import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { featureModule } from './fixtures/feature.module.js';
import { ACCEPT_BOTH, initializeBody, post } from './support/raw-http.js';
import { RedisServer } from './support/redis-server.js';

const V = '2025-06-18';
const RACES = 300;
/** Races run this many at a time: enough overlap to hit every window, few enough for 2 cores. */
const PARALLEL = 15;
/** Every request must be answered within this (404, or its result). */
const DEADLINE_MS = 5_000;
/** The app's only key without a TTL: one bounded key (see store.providers.ts). */
const BOUNDED_KEYS = new Set(['mcp:request-state-key']);

const headersOf = (sessionId: string) => ({ 'mcp-session-id': sessionId, 'mcp-protocol-version': V });

async function openSession(url: URL): Promise<string> {
  const response = await post(url, initializeBody(V), {});
  await response.text();
  const sessionId = response.headers.get('mcp-session-id');
  if (!sessionId) throw new Error(`no session (status ${response.status})`);
  await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headersOf(sessionId)).then((r) => r.text());
  return sessionId;
}

/** One request's outcome: its status and whether its JSON-RPC answer came, or `timeout`. */
type Outcome = { status: number; answered: boolean } | 'timeout';

/** A request that updates the session record (a log level, or a subscription). */
async function update(url: URL, sessionId: string, i: number): Promise<Outcome> {
  const body =
    i % 2 === 0
      ? { jsonrpc: '2.0', id: 7, method: 'logging/setLevel', params: { level: 'debug' } }
      : { jsonrpc: '2.0', id: 7, method: 'resources/subscribe', params: { uri: 'test://watched' } };
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...headersOf(sessionId) },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(DEADLINE_MS),
    });
    const text = await response.text();
    return { status: response.status, answered: /"id":7/.test(text) && /"(result|error)"/.test(text) };
  } catch {
    return 'timeout';
  }
}

async function remove(url: URL, sessionId: string): Promise<Outcome> {
  try {
    const response = await fetch(url, {
      method: 'DELETE',
      headers: headersOf(sessionId),
      signal: AbortSignal.timeout(DEADLINE_MS),
    });
    await response.text();
    return { status: response.status, answered: true };
  } catch {
    return 'timeout';
  }
}

/** An update and a DELETE of the same session at (nearly) the same time. */
async function race(open: URL, updateOn: URL, deleteOn: URL, i: number) {
  const sessionId = await openSession(open);
  // Stagger one or the other by 0-3 ms, so that each lands in every phase of the other (lookup, rebuild, write).
  const after = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  const [updateLag, deleteLag] = i % 8 < 4 ? [0, i % 4] : [i % 4, 0];
  const [updated, deleted] = await Promise.all([
    after(updateLag).then(() => update(updateOn, sessionId, i)),
    after(deleteLag).then(() => remove(deleteOn, sessionId)),
  ]);
  return { updated, deleted };
}

async function runRaces(open: URL, updateOn: URL, deleteOn: URL) {
  const results: Awaited<ReturnType<typeof race>>[] = [];
  for (let start = 0; start < RACES; start += PARALLEL) {
    const batch = Array.from({ length: Math.min(PARALLEL, RACES - start) }, (_, k) =>
      race(open, updateOn, deleteOn, start + k),
    );
    results.push(...(await Promise.all(batch)));
  }
  return results;
}

/** Keys of the app without an expiry (TTL -1), bounded ones aside. */
async function keysWithoutTtl(redis: Redis): Promise<string[]> {
  const leaked: string[] = [];
  let cursor = '0';
  do {
    const [next, keys] = await redis.scan(cursor, 'MATCH', 'mcp:*', 'COUNT', 1000);
    cursor = next;
    for (const key of keys) if (!BOUNDED_KEYS.has(key) && (await redis.pttl(key)) === -1) leaked.push(key);
  } while (cursor !== '0');
  return leaked;
}

function expectEveryRequestAnswered(results: Awaited<ReturnType<typeof runRaces>>) {
  const updates = results.map((r) => r.updated);
  const deletes = results.map((r) => r.deleted);
  expect(updates.filter((o) => o === 'timeout').length, 'updates without an HTTP answer').toBe(0);
  expect(deletes.filter((o) => o === 'timeout').length, 'DELETEs without an HTTP answer').toBe(0);
  // An update that raced with the end of its session: 404, or 200 with its own answer.
  const unanswered = updates.filter((o) => o !== 'timeout' && !(o.status === 404 || (o.status === 200 && o.answered)));
  expect(unanswered, 'updates answered neither 404 nor their result').toEqual([]);
  expect(deletes.every((o) => o !== 'timeout' && (o.status === 200 || o.status === 404))).toBe(true);
}

describe('a session update racing with its DELETE, with Redis as the store', () => {
  const redisServer = new RedisServer();
  let redis: Redis;
  let a: RunningMcpApp;
  let b: RunningMcpApp;

  beforeAll(async () => {
    await redisServer.start();
    redis = new Redis(redisServer.url);
    // Park quickly, so that many updates land on a session being rebuilt from its record.
    const options = { redis: { url: redisServer.url }, rateLimit: false as const, sessionParkMs: 50 };
    const start = () => startMcpApp(featureModule(options), { logger: ['error'] });
    [a, b] = await Promise.all([start(), start()]);
  });
  afterAll(async () => {
    await Promise.all([a?.close(), b?.close()]);
    redis?.disconnect();
    await redisServer.stop();
  });

  it(`${RACES} races on two instances (opened on A, updated on B, deleted on A): every request answered, no key left without a TTL`, async () => {
    expectEveryRequestAnswered(await runRaces(a.url, b.url, a.url));
    expect(await keysWithoutTtl(redis)).toEqual([]);
  });

  it(`${RACES} races on one instance: every request answered, no key left without a TTL`, async () => {
    expectEveryRequestAnswered(await runRaces(a.url, a.url, a.url));
    expect(await keysWithoutTtl(redis)).toEqual([]);
  });
});

import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/fixture-app.js';
import { ACCEPT_BOTH, initializeBody, openSession, post, readEvents } from './support/raw-http.js';
import { RedisServer } from './support/redis-server.js';
import { JsonRpcCode } from '../src/index.js';

const V = '2025-06-18';
/** How long Redis stalls: well past the default command deadline (1 s). */
const PAUSE_MS = 3_000;
/** What a request may cost while Redis stalls: the deadline and some slack. */
const ANSWER_WITHIN_MS = 1_500;

const MODERN_LIST = {
  jsonrpc: '2.0',
  id: 1,
  method: 'tools/list',
  params: {
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'stall', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  },
};
const LEGACY_LIST = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };

/** Status and time of one exchange. */
async function timed(exchange: () => Promise<Response>): Promise<{ status: number; body: string; ms: number }> {
  const started = Date.now();
  const response = await exchange();
  const body = await response.text();
  return { status: response.status, body, ms: Date.now() - started };
}

/** The app's log lines about the shared store's availability. */
const availabilityLines = (app: AppProcess, word: RegExp) =>
  app.output.split('\n').filter((line) => line.includes('McpRedis') && word.test(line));

describe('a Redis that stalls (CLIENT PAUSE) is a Redis that is down', () => {
  const redisServer = new RedisServer();
  let admin: Redis;
  /** Rate limit on: the rate-limit counter is the first store call of every request. */
  let limited: AppProcess;
  /** Rate limit off: a 2025 request's first store call is its session lookup. */
  let unlimited: AppProcess;
  let limitedSession: string;
  let unlimitedSession: string;

  const sessionHeaders = (sessionId: string) => ({ 'mcp-session-id': sessionId, 'mcp-protocol-version': V });
  const legacy = (app: AppProcess, sessionId: string) => () => post(app.url, LEGACY_LIST, sessionHeaders(sessionId));
  const modern = (app: AppProcess) => () =>
    post(app.url, MODERN_LIST, { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' });
  const ready = (app: AppProcess) => () => fetch(new URL('/health/ready', app.url));

  beforeAll(async () => {
    await redisServer.start();
    admin = new Redis(redisServer.url);
    const start = async (env: Record<string, string>) => {
      const app = await AppProcess.start({ REDIS_URL: redisServer.url, LOG_LEVEL: 'info', ...env });
      await app.ready();
      return app;
    };
    [limited, unlimited] = await Promise.all([start({}), start({ MCP_RATE_LIMIT: 'off' })]);
    [limitedSession, unlimitedSession] = await Promise.all([
      openSession(limited.url, V),
      openSession(unlimited.url, V),
    ]);
  }, 60_000);

  afterAll(async () => {
    admin?.disconnect();
    await Promise.all([limited?.stop(), unlimited?.stop()]);
    await redisServer.stop();
  });

  it('answers 503 with a JSON-RPC error within about the deadline, in both eras, and readiness too; logs the outage once and the recovery once; serves again after', async () => {
    await admin.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'ALL');
    const paused = Date.now();

    const during = await Promise.all([
      timed(modern(limited)),
      timed(legacy(limited, limitedSession)),
      timed(legacy(unlimited, unlimitedSession)),
      // Without a rate limit, an initialize's first store call is its session record.
      timed(() => post(unlimited.url, initializeBody(V))),
      timed(ready(limited)),
      timed(ready(unlimited)),
    ]);
    // All of it answered while Redis still stalled.
    expect(Date.now() - paused).toBeLessThan(PAUSE_MS);
    for (const { status, ms } of during) {
      expect(status).toBe(503);
      expect(ms).toBeLessThan(ANSWER_WITHIN_MS);
    }
    for (const { body } of during.slice(0, 4)) {
      expect(JSON.parse(body)).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcCode.ServiceUnavailable } });
    }

    // Once the pause is over, everything is served again, without a restart.
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, PAUSE_MS - (Date.now() - paused)) + 100));
    await expect.poll(async () => (await timed(ready(limited))).status, { timeout: 5_000 }).toBe(200);
    expect((await timed(modern(limited))).status).toBe(200);
    expect((await timed(legacy(limited, limitedSession))).status).toBe(200);
    expect((await timed(legacy(unlimited, unlimitedSession))).status).toBe(200);
    expect((await timed(ready(unlimited))).status).toBe(200);

    // The pub/sub connections (no deadline: they wait for messages) are still subscribed, on both instances.
    expect(await admin.call('PUBSUB', 'NUMSUB', 'mcp:events', 'mcp:session-relay')).toEqual([
      'mcp:events',
      2,
      'mcp:session-relay',
      2,
    ]);
    for (const app of [limited, unlimited]) {
      expect(availabilityLines(app, /unavailable/)).toHaveLength(1);
      expect(availabilityLines(app, /back/)).toHaveLength(1);
    }
  });

  it('still answers a call that was in flight when Redis stalled (its events go out live, unstored)', async () => {
    const call = await fetch(unlimited.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT_BOTH, ...sessionHeaders(unlimitedSession) },
      body: JSON.stringify({
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'exportNotes', arguments: { delayMs: 300 }, _meta: { progressToken: 'p' } },
      }),
      // Without its answer, the stream would stay open: the test fails here instead of hanging.
      signal: AbortSignal.timeout(PAUSE_MS + 4_000),
    });
    await admin.call('CLIENT', 'PAUSE', String(PAUSE_MS), 'ALL');
    const events = await readEvents(call, (seen) => seen.some((event) => (event.data as { id?: number }).id === 9));
    expect(events.find((event) => (event.data as { id?: number }).id === 9)?.data).toMatchObject({
      result: { content: [{ type: 'text' }] },
    });
  });
});

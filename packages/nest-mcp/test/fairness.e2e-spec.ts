import { SignJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Client } from '@modelcontextprotocol/client';
import { McpRegistry, type McpModuleOptions, JsonRpcCode } from '../src/index.js';
import { connectMcpClient, startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { secureModule } from './fixtures/secure.module.js';
import { Redis } from 'ioredis';
import { freePort } from '../src/testing/free-port.js';
import { RedisServer } from './support/redis-server.js';
import { initializeBody, post } from './support/raw-http.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const V = '2025-06-18';

/** Everything a caller can make the server hold is bounded per caller: none can evict or starve another. */
describe('fairness between callers', () => {
  let running: RunningMcpApp | undefined;
  let second: RunningMcpApp | undefined;
  let resource = '';
  const redis = new RedisServer();
  beforeAll(() => redis.start());
  afterAll(() => redis.stop());
  const clients: Client[] = [];
  const responses: Response[] = [];
  const tokens = new Map<string, string>();
  afterEach(async () => {
    for (const response of responses.splice(0)) await response.body?.cancel().catch(() => undefined);
    for (const client of clients.splice(0)) await client.close().catch(() => undefined);
    await running?.close();
    await second?.close();
    running = second = undefined;
    tokens.clear();
  });

  async function start(limits: Partial<McpModuleOptions>): Promise<void> {
    const port = await freePort();
    resource = `http://127.0.0.1:${port}/mcp`;
    running = await startMcpApp(
      secureModule({ mode: 'jwt', secret: SECRET, resourceUrl: resource }, { rateLimit: false, ...limits }),
      { port },
    );
    // A second instance behind the same resource URL (Redis tests): same tokens, its own port.
    second = undefined;
    if (limits.redis) {
      second = await startMcpApp(
        secureModule({ mode: 'jwt', secret: SECRET, resourceUrl: resource }, { rateLimit: false, ...limits }),
      );
    }
  }

  async function bearer(sub: string): Promise<Record<string, string>> {
    let token = tokens.get(sub);
    if (!token) {
      token = await new SignJWT({ sub, scope: 'notes:read' })
        .setProtectedHeader({ alg: 'HS256' })
        .setAudience(resource)
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(SECRET));
      tokens.set(sub, token);
    }
    return { authorization: `Bearer ${token}` };
  }

  async function openSession(sub: string, on = running!): Promise<string> {
    const response = await post(on.url, initializeBody(V), await bearer(sub));
    await response.text();
    const id = response.headers.get('mcp-session-id');
    if (!id) throw new Error(`no session for ${sub}: ${response.status}`);
    return id;
  }

  /** The status a session answers `tools/list` with: 200 while it lives, 404 once it is gone. */
  async function statusOf(sub: string, sessionId: string, on = running!): Promise<number> {
    const response = await post(
      on.url,
      { jsonrpc: '2.0', id: 2, method: 'tools/list' },
      { ...(await bearer(sub)), 'mcp-session-id': sessionId, 'mcp-protocol-version': V },
    );
    await response.text();
    return response.status;
  }

  async function openGetStream(sub: string, sessionId: string): Promise<Response> {
    const response = await fetch(running!.url, {
      headers: {
        ...(await bearer(sub)),
        accept: 'text/event-stream',
        'mcp-session-id': sessionId,
        'mcp-protocol-version': V,
      },
    });
    responses.push(response);
    return response;
  }

  async function modernClient(sub: string): Promise<Client> {
    const client = await connectMcpClient(running!.url, 'modern', {
      transport: { requestInit: { headers: await bearer(sub) } },
    });
    clients.push(client);
    return client;
  }

  it('a caller opening sessions past its bound loses its own oldest, never another caller’s', async () => {
    await start({ maxSessions: 10, maxSessionsPerPrincipal: 3 });
    const alice = await openSession('alice');
    const mallory: string[] = [];
    for (let i = 0; i < 25; i++) mallory.push(await openSession('mallory'));
    expect(await statusOf('alice', alice)).toBe(200);
    expect(await statusOf('mallory', mallory[0])).toBe(404);
    for (const id of mallory.slice(-3)) expect(await statusOf('mallory', id)).toBe(200);
  });

  it('at the global bound the caller holding the most gives way', async () => {
    await start({ maxSessions: 6, maxSessionsPerPrincipal: 5 });
    const alice = [await openSession('alice'), await openSession('alice')];
    const bob: string[] = [];
    for (let i = 0; i < 4; i++) bob.push(await openSession('bob'));
    const carol = await openSession('carol');
    expect(await statusOf('carol', carol)).toBe(200);
    for (const id of alice) expect(await statusOf('alice', id)).toBe(200);
    expect(await statusOf('bob', bob[0])).toBe(404);
    for (const id of bob.slice(1)) expect(await statusOf('bob', id)).toBe(200);
  });

  it('a caller presenting another’s session id does not get it counted as its own (and evicted)', async () => {
    await start({ maxSessionsPerPrincipal: 2, sessionParkMs: 200 });
    const alice = await openSession('alice');
    await new Promise((resolve) => setTimeout(resolve, 700)); // parked by now
    expect(await statusOf('mallory', alice)).toBe(404);
    for (let i = 0; i < 3; i++) await openSession('mallory');
    expect(await statusOf('alice', alice)).toBe(200);
  });

  it('with Redis, a caller’s sessions are bounded across instances, and another caller keeps its own', async () => {
    await start({ maxSessionsPerPrincipal: 3, redis: { url: redis.url, keyPrefix: 'fair:' } });
    const alice = await openSession('alice', second);
    const mallory: string[] = [];
    for (let i = 0; i < 8; i++) mallory.push(await openSession('mallory', i % 2 ? second : running));
    for (const on of [running!, second!]) {
      expect(await statusOf('alice', alice, on)).toBe(200);
      expect(await statusOf('mallory', mallory[0], on)).toBe(404);
      expect(await statusOf('mallory', mallory[4], on)).toBe(404);
      for (const id of mallory.slice(-3)) expect(await statusOf('mallory', id, on)).toBe(200);
    }
    const client = new Redis(redis.url);
    try {
      expect(await client.zcard('fair:sessions-of:sub:mallory')).toBe(3);
      expect(await client.exists(`fair:session:${mallory[0]}`)).toBe(0);
    } finally {
      client.disconnect();
    }
  });

  it('bounds a caller’s calls in flight: past it a call is refused, and others still call', async () => {
    await start({ maxCallsInFlightPerPrincipal: 2 });
    const mallory = await modernClient('mallory');
    const holding = [1, 2].map(() => mallory.callTool({ name: 'hold', arguments: { ms: 1_500 } }));
    await new Promise((resolve) => setTimeout(resolve, 300));
    await expect(mallory.callTool({ name: 'hold', arguments: { ms: 10 } })).rejects.toMatchObject({
      code: JsonRpcCode.TooManyRequests,
    });
    const alice = await modernClient('alice');
    expect(await alice.callTool({ name: 'hold', arguments: { ms: 10 } })).toMatchObject({
      content: [{ type: 'text', text: 'held' }],
    });
    for (const result of await Promise.all(holding)) expect(result).toMatchObject({ content: [{ text: 'held' }] });
    // Their slots are free again.
    expect(await mallory.callTool({ name: 'hold', arguments: { ms: 10 } })).toMatchObject({
      content: [{ text: 'held' }],
    });
  });

  it('refuses a caller’s GET stream past its bound with 429, and others still get theirs', async () => {
    await start({ maxStreamsPerPrincipal: 2 });
    for (let i = 0; i < 2; i++) {
      const stream = await openGetStream('mallory', await openSession('mallory'));
      expect(stream.status).toBe(200);
    }
    const refused = await openGetStream('mallory', await openSession('mallory'));
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcCode.TooManyRequests } });
    expect((await openGetStream('alice', await openSession('alice'))).status).toBe(200);
  });

  it('one caller cannot take every listen slot: the others still get change notifications', async () => {
    await start({ maxStreams: 4, maxStreamsPerPrincipal: 2 });
    const mallory = await modernClient('mallory');
    const held = [];
    for (let i = 0; i < 2; i++) held.push(await mallory.listen({ toolsListChanged: true }));
    await expect(mallory.listen({ toolsListChanged: true })).rejects.toThrow();

    const alice = await modernClient('alice');
    const seen: string[] = [];
    alice.setNotificationHandler('notifications/tools/list_changed', () => void seen.push('tools'));
    await alice.listen({ toolsListChanged: true });
    running!.app.get(McpRegistry).addTool({ name: 'late_tool', handler: () => 'late' });
    await expect.poll(() => seen).toEqual(['tools']);
  });

  it('at the global stream bound the caller holding the most loses its oldest stream', async () => {
    await start({ maxStreams: 3, maxStreamsPerPrincipal: 2 });
    const bobStreams = [];
    for (let i = 0; i < 2; i++) bobStreams.push(await openGetStream('bob', await openSession('bob')));
    const alice = await openGetStream('alice', await openSession('alice'));
    const carol = await openGetStream('carol', await openSession('carol'));
    expect([alice.status, carol.status]).toEqual([200, 200]);
    // Bob's oldest stream was ended to make room.
    expect(await endsWithin(bobStreams[0], 2_000)).toBe(true);
    expect(await endsWithin(bobStreams[1], 300)).toBe(false);
  });
});

/** Whether a streamed body ends (or breaks) within `ms`. */
async function endsWithin(response: Response, ms: number): Promise<boolean> {
  const reader = response.body!.getReader();
  const deadline = new Promise<false>((resolve) => setTimeout(() => resolve(false), ms));
  const ended = (async () => {
    try {
      while (!(await reader.read()).done);
    } catch {
      // a stream cut by the server ends like this
    }
    return true as const;
  })();
  const outcome = await Promise.race([ended, deadline]);
  reader.releaseLock();
  return outcome;
}

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { connectMcpClient, startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { featureModule } from './fixtures/feature.module.js';
import { Probe } from './fixtures/probe.service.js';
import { LegacySessions } from '../src/transport/legacy-sessions.js';
import { connectTestClient, type ClientKind } from '../src/testing/clients.js';
import { initializeBody, post, readEvents } from './support/raw-http.js';
import { RedisServer } from './support/redis-server.js';
import { RoundRobinProxy } from './support/round-robin-proxy.js';
import { balancedInstances } from './support/balanced-instances.js';
import { JsonRpcCode } from '../src/index.js';

const V = '2025-06-18';
const SCOPES = 'notes:read notes:write notes:delete';
/** One API key per test, so each test has its own rate-limit counter. */
const KEYS = ['alice', 'bob', 'carol', 'dave', 'erin', 'frank', 'limit'].map((subject) => ({
  subject,
  key: `sk_${subject}_0123456789abcdef`,
}));
const keyOf = (subject: string) => ({ 'x-api-key': KEYS.find((entry) => entry.subject === subject)!.key });
const RATE_LIMIT = 25;

describe('two instances, one Redis, a round-robin balancer', () => {
  const cluster = balancedInstances({
    MCP_API_KEYS: KEYS.map(({ subject, key }) => `${subject}:${key}:${SCOPES}`).join(','),
    MCP_RATE_LIMIT: String(RATE_LIMIT),
  });

  const sessionHeaders = (sessionId: string, subject: string) => ({
    'mcp-session-id': sessionId,
    'mcp-protocol-version': V,
    ...keyOf(subject),
  });

  async function openSessionOn(url: URL, subject: string): Promise<string> {
    const response = await post(url, initializeBody(V), keyOf(subject));
    await response.text();
    const sessionId = response.headers.get('mcp-session-id')!;
    await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, sessionHeaders(sessionId, subject)).then(
      (r) => r.text(),
    );
    return sessionId;
  }

  it('serves a session opened on A from B', async () => {
    const sessionId = await openSessionOn(cluster.a.url, 'alice');
    const call = await post(
      cluster.b.url,
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'searchNotes', arguments: { query: '' } } },
      sessionHeaders(sessionId, 'alice'),
    );
    expect(call.status).toBe(200);
    expect(await call.text()).toContain('structuredContent');
  });

  it.each(['sdk-v1', 'sdk-v2-legacy', 'sdk-v2-modern'] as ClientKind[])(
    'serves %s through round-robin with no affinity, every request landing on the other instance',
    async (kind) => {
      const before = cluster.proxy.served.length;
      const client = await connectTestClient(kind, cluster.balanced, { headers: keyOf('bob') });
      for (let i = 0; i < 4; i++) {
        const result = await client.callTool('searchNotes', { query: 'e' });
        expect(result.isError).toBeFalsy();
      }
      await client.close();
      expect(new Set(cluster.proxy.served.slice(before))).toEqual(new Set([0, 1]));
    },
  );

  it('ends a session everywhere on DELETE: deleted on B, 404 on A', async () => {
    const sessionId = await openSessionOn(cluster.a.url, 'carol');
    const list = { jsonrpc: '2.0', id: 3, method: 'tools/list', params: {} };
    expect((await post(cluster.a.url, list, sessionHeaders(sessionId, 'carol'))).status).toBe(200);
    const deleted = await fetch(cluster.b.url, { method: 'DELETE', headers: sessionHeaders(sessionId, 'carol') });
    expect(deleted.status).toBe(200);
    await expect
      .poll(async () => (await post(cluster.a.url, list, sessionHeaders(sessionId, 'carol'))).status)
      .toBe(404);
    expect((await post(cluster.b.url, list, sessionHeaders(sessionId, 'carol'))).status).toBe(404);
  });

  it('keeps one rate limit across instances', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < RATE_LIMIT + 2; i++) {
      const response = await post(cluster.balanced, initializeBody(V), keyOf('limit'));
      await response.text();
      statuses.push(response.status);
    }
    expect(statuses.slice(0, RATE_LIMIT).every((status) => status === 200)).toBe(true);
    expect(statuses.slice(RATE_LIMIT)).toEqual([429, 429]);
  });

  it('delivers a resource update raised on A to clients connected to B, in both eras', async () => {
    const legacy = await connectTestClient('sdk-v1', cluster.b.url, { headers: keyOf('dave') });
    const modern = await connectMcpClient(cluster.b.url, 'modern', {
      transport: { requestInit: { headers: keyOf('dave') } },
    });
    const seen: string[] = [];
    const { ResourceUpdatedNotificationSchema } = await import('@modelcontextprotocol/sdk/types.js');
    (legacy.raw as import('@modelcontextprotocol/sdk/client/index.js').Client).setNotificationHandler(
      ResourceUpdatedNotificationSchema,
      (n) => {
        seen.push(`legacy:${n.params.uri}`);
      },
    );
    modern.setNotificationHandler('notifications/resources/updated', (n) => {
      seen.push(`modern:${n.params.uri}`);
    });
    await (legacy.raw as import('@modelcontextprotocol/sdk/client/index.js').Client).subscribeResource({
      uri: 'notes://index',
    });
    const subscription = await modern.listen({ resourceSubscriptions: ['notes://index'] });
    await new Promise((resolve) => setTimeout(resolve, 300));

    const writer = await connectTestClient('sdk-v2-modern', cluster.a.url, { headers: keyOf('dave') });
    await writer.callTool('createNote', { title: 'From A', body: 'raised on A' });
    await expect
      .poll(() => [...seen].sort(), { timeout: 5_000 })
      .toEqual(['legacy:notes://index', 'modern:notes://index']);
    await subscription.close();
    await Promise.all([legacy.close(), modern.close(), writer.close()]);
  });

  it('resumes a dropped stream on B after A, where it started, was killed', async () => {
    const sessionId = await openSessionOn(cluster.a.url, 'erin');
    const call = await post(
      cluster.a.url,
      {
        jsonrpc: '2.0',
        id: 9,
        method: 'tools/call',
        params: { name: 'exportNotes', arguments: { delayMs: 200 }, _meta: { progressToken: 'p' } },
      },
      sessionHeaders(sessionId, 'erin'),
    );
    const before = await readEvents(call, (events) => events.length >= 2);
    const lastEventId = before.at(-1)!.id!;
    // Let A finish the call (its events are in Redis), then kill it without a goodbye.
    await new Promise((resolve) => setTimeout(resolve, 800));
    cluster.a.signal('SIGKILL');
    await cluster.a.exit();

    const resumed = await fetch(cluster.b.url, {
      headers: { accept: 'text/event-stream', 'last-event-id': lastEventId, ...sessionHeaders(sessionId, 'erin') },
    });
    expect(resumed.status).toBe(200);
    const after = await readEvents(resumed, (events) => events.some((e) => (e.data as { id?: number }).id === 9));
    const result = after.find((e) => (e.data as { id?: number }).id === 9)!.data as {
      result: { content: { text: string }[] };
    };
    expect(result.result.content[0].text).toContain('# Welcome');
    const progress = [...before, ...after]
      .map((e) => (e.data as { params?: { progress?: number } }).params?.progress)
      .filter((p) => p !== undefined);
    expect(progress).toEqual([...new Set(progress)]);
    expect(progress.length).toBeGreaterThanOrEqual(2);
    // The session itself lives on: B serves it.
    const list = { jsonrpc: '2.0', id: 10, method: 'tools/list', params: {} };
    expect((await post(cluster.b.url, list, sessionHeaders(sessionId, 'erin'))).status).toBe(200);
  });

  it('fails fast with 503 while Redis is down, and recovers by itself when it is back', async () => {
    const sessionId = await openSessionOn(cluster.b.url, 'frank');
    const list = { jsonrpc: '2.0', id: 11, method: 'tools/list', params: {} };
    const port = cluster.redis.port;
    await cluster.redis.stop();

    const started = Date.now();
    const refused = await post(cluster.b.url, list, sessionHeaders(sessionId, 'frank'));
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcCode.ServiceUnavailable } });
    expect(Date.now() - started).toBeLessThan(3_000);
    await expect.poll(async () => (await fetch(new URL('/health/ready', cluster.b.url))).status).toBe(503);
    expect((await fetch(new URL('/health/live', cluster.b.url))).status).toBe(200);

    await cluster.redis.start(port);
    await expect
      .poll(async () => (await fetch(new URL('/health/ready', cluster.b.url))).status, { timeout: 10_000 })
      .toBe(200);
    // The restarted Redis kept nothing (no persistence here): the old session is gone, new ones work.
    expect((await post(cluster.b.url, list, sessionHeaders(sessionId, 'frank'))).status).toBe(404);
    const fresh = await openSessionOn(cluster.b.url, 'frank');
    expect((await post(cluster.b.url, list, sessionHeaders(fresh, 'frank'))).status).toBe(200);
  });
});

describe('2025-era server-to-client requests across instances, through round-robin', () => {
  const redis = new RedisServer();
  let apps: RunningMcpApp[] = [];
  let proxy: RoundRobinProxy;
  let balanced: URL;

  beforeAll(async () => {
    await redis.start();
    apps = await Promise.all([0, 1].map(() => startMcpApp(featureModule({ redis: { url: redis.url } }))));
    proxy = new RoundRobinProxy(apps.map((app) => Number(app.url.port)));
    balanced = await proxy.start();
  });
  afterAll(async () => {
    await proxy?.stop();
    await Promise.all(apps.map((app) => app.close()));
    await redis.stop();
  });

  it("carries an elicitation on the call's own stream, and its answer to the instance running the call", async () => {
    const before = proxy.served.length;
    const client = await connectTestClient('sdk-v1', balanced, {
      elicit: ({ message }) => {
        const content: Record<string, string | boolean> = message === 'Your name?' ? { name: 'Ada' } : { ok: true };
        return { action: 'accept', content };
      },
    });
    const result = await client.callTool('ask_name_then_confirm');
    expect(result.content).toEqual([{ type: 'text', text: 'saved Ada' }]);
    expect(new Set(proxy.served.slice(before))).toEqual(new Set([0, 1]));
    await client.close();
  });

  it('delivers a cancellation to the instance running the call', async () => {
    const client = await connectTestClient('sdk-v1', balanced);
    const controller = new AbortController();
    const call = client.callTool('wait_for_cancel', { id: 'across' }, { signal: controller.signal });
    const probes = apps.map((app) => app.app.get(Probe));
    await expect.poll(() => probes.some((probe) => probe.started.includes('across'))).toBe(true);
    controller.abort();
    await expect(call).rejects.toThrow();
    await expect.poll(() => probes.some((probe) => probe.aborted.includes('across')), { timeout: 5_000 }).toBe(true);
    await client.close();
  });
});

describe('a parked session with Redis as the store', () => {
  const redis = new RedisServer();
  let running: RunningMcpApp | undefined;

  beforeAll(async () => {
    await redis.start();
    running = await startMcpApp(featureModule({ redis: { url: redis.url }, sessionParkMs: 100 }));
  });
  afterAll(async () => {
    await running?.close();
    await redis.stop();
  });

  it('drops its SDK objects when idle and is rebuilt from the record on its next request', async () => {
    const sessions = running!.app.get(LegacySessions);
    const init = await post(running!.url, initializeBody(V));
    await init.text();
    const sessionId = init.headers.get('mcp-session-id')!;
    const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': V };
    await post(running!.url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers).then((r) => r.text());
    expect(sessions.counts.live).toBe(1);
    // With a shared store the record is already in Redis: parking keeps nothing locally.
    await expect.poll(() => sessions.counts, { timeout: 3_000 }).toEqual({ live: 0, parked: 0 });

    const call = await post(
      running!.url,
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'echo', arguments: { text: 'back', count: 1 } } },
      headers,
    );
    expect(call.status).toBe(200);
    const events = await readEvents(call, (seen) => seen.some((event) => (event.data as { id?: number }).id === 2));
    expect(events.find((event) => (event.data as { id?: number }).id === 2)?.data).toMatchObject({ result: {} });
    expect(sessions.counts.live).toBe(1);
  });
});

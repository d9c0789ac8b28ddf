import { Redis } from 'ioredis';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { featureModule } from './fixtures/feature.module.js';
import { initializeBody, post } from './support/raw-http.js';
import { RedisServer } from './support/redis-server.js';
import { JsonRpcCode } from '../src/index.js';

const V = '2025-06-18';

/** An `initialize` padded with what no rebuild needs: `_meta`, extra params, icons. */
function paddedInitialize(padChars: number) {
  const body = initializeBody(V);
  const pad = 'x'.repeat(padChars / 3);
  return {
    ...body,
    params: {
      ...body.params,
      _meta: { pad },
      extra: pad,
      clientInfo: { name: 'raw', version: '1', icons: [{ src: `data:image/png;base64,${pad}` }] },
      capabilities: { roots: { listChanged: true } },
    },
  };
}

/** What a 2025 session keeps is bounded in bytes: its `initialize` is, and its record keeps only what a rebuild needs. */
describe('what a session keeps, in bytes', () => {
  const redis = new RedisServer();
  let running: RunningMcpApp | undefined;
  beforeAll(() => redis.start());
  afterAll(() => redis.stop());
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('refuses an initialize over the bound with 413 and a JSON-RPC error', async () => {
    running = await startMcpApp(featureModule({ maxInitializeBytes: 16 * 1024 }));
    const refused = await post(running.url, paddedInitialize(64 * 1024));
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcCode.PayloadTooLarge } });
    expect(refused.headers.get('mcp-session-id')).toBeNull();
    const accepted = await post(running.url, initializeBody(V));
    await accepted.text();
    expect(accepted.status).toBe(200);
  });

  it('drops a session’s stored event streams from Redis when it is deleted', async () => {
    running = await startMcpApp(featureModule({ redis: { url: redis.url, keyPrefix: 'gone:' } }));
    const opened = await post(running.url, initializeBody(V));
    await opened.text();
    const sessionId = opened.headers.get('mcp-session-id')!;
    const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': V };
    for (let id = 2; id < 5; id++) {
      const call = await post(
        running.url,
        { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'piped', arguments: { text: 'x' } } },
        headers,
      );
      await call.text();
    }
    const client = new Redis(redis.url);
    const streams = async () => (await client.keys(`gone:events:${sessionId}/*`)).length;
    try {
      expect(await streams()).toBeGreaterThanOrEqual(3);
      expect((await fetch(running.url, { method: 'DELETE', headers })).status).toBe(200);
      await expect.poll(streams).toBe(0);
      expect(await client.exists(`gone:event-streams-of:${sessionId}`)).toBe(0);
    } finally {
      client.disconnect();
    }
  });

  it('refuses an initialize whose kept part (capabilities, client info) is over its bound', async () => {
    running = await startMcpApp(featureModule({ maxSessionRecordBytes: 4 * 1024 }));
    const padded = initializeBody(V);
    const refused = await post(running.url, {
      ...padded,
      params: { ...padded.params, capabilities: { experimental: { pad: { text: 'x'.repeat(8_000) } } } },
    });
    expect(refused.status).toBe(413);
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcCode.PayloadTooLarge } });
    const kept = await post(running.url, paddedInitialize(32 * 1024)); // padded only where nothing is kept
    await kept.text();
    expect(kept.status).toBe(200);
  });

  it('keeps in the session record only what a rebuild needs', async () => {
    running = await startMcpApp(featureModule({ redis: { url: redis.url, keyPrefix: 'bytes:' } }));
    const response = await post(running.url, paddedInitialize(32 * 1024));
    await response.text();
    const sessionId = response.headers.get('mcp-session-id');
    expect(sessionId).toBeTruthy();
    const client = new Redis(redis.url);
    try {
      const stored = JSON.parse((await client.hget(`bytes:session:${sessionId}`, 'initialize'))!);
      expect(stored.params).toEqual({
        protocolVersion: V,
        capabilities: { roots: { listChanged: true } },
        clientInfo: { name: 'raw', version: '1' },
      });
    } finally {
      client.disconnect();
    }
  });
});

describe("a session's stored events", () => {
  let running: RunningMcpApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const storedBytes = async (url: URL) => {
    const text = await (await fetch(new URL('/metrics', url))).text();
    return Number(/^mcp_event_store_bytes (\d+)/m.exec(text)?.[1]);
  };

  it('go when the session is deleted', async () => {
    running = await startMcpApp(featureModule());
    const opened = await post(running.url, initializeBody(V));
    await opened.text();
    const headers = { 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': V };
    const text = 'y'.repeat(300_000);
    for (let id = 2; id < 7; id++) {
      const call = await post(
        running.url,
        { jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'piped', arguments: { text } } },
        headers,
      );
      expect(await call.text()).toContain('YYYY');
    }
    expect(await storedBytes(running.url)).toBeGreaterThan(1_500_000);
    const deleted = await fetch(running.url, { method: 'DELETE', headers });
    expect(deleted.status).toBe(200);
    await expect.poll(() => storedBytes(running!.url)).toBeLessThan(10_000);
  });
});

describe('resource subscriptions, in bytes', () => {
  let running: RunningMcpApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  const longUri = (n: number) => `test://watched/${String(n).repeat(20_000)}`;

  it('a 2025 session subscribes up to its budget, then gets invalid params', async () => {
    running = await startMcpApp(featureModule({ maxSubscriptionBytes: 50_000 }));
    const opened = await post(running.url, initializeBody(V));
    await opened.text();
    const headers = { 'mcp-session-id': opened.headers.get('mcp-session-id')!, 'mcp-protocol-version': V };
    const subscribe = async (id: number, uri: string) => {
      const response = await post(
        running!.url,
        { jsonrpc: '2.0', id, method: 'resources/subscribe', params: { uri } },
        headers,
      );
      const text = await response.text();
      return JSON.parse(/^data: (.*)$/m.exec(text)?.[1] ?? text) as { result?: unknown; error?: { code: number } };
    };
    expect(await subscribe(2, longUri(1))).toHaveProperty('result');
    expect(await subscribe(3, longUri(2))).toHaveProperty('result');
    expect(await subscribe(4, longUri(2))).toHaveProperty('result'); // the same URI again costs nothing
    expect(await subscribe(5, longUri(3))).toMatchObject({ error: { code: -32602 } });
  });

  it('a 2026-07-28 listen filter past the budget is refused with invalid params', async () => {
    running = await startMcpApp(featureModule({ maxSubscriptionBytes: 50_000 }));
    const listen = {
      jsonrpc: '2.0',
      id: 1,
      method: 'subscriptions/listen',
      params: {
        notifications: { resourceSubscriptions: [longUri(1), longUri(2), longUri(3)] },
        _meta: {
          'io.modelcontextprotocol/protocolVersion': '2026-07-28',
          'io.modelcontextprotocol/clientCapabilities': {},
          'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
        },
      },
    };
    const response = await post(running.url, listen, {
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': 'subscriptions/listen',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32602 } });
  });
});

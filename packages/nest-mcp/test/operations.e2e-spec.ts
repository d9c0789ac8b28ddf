import { afterEach, describe, expect, it } from 'vitest';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { connectTestClient, textOf } from '../src/testing/clients.js';
import { featureModule } from './fixtures/feature.module.js';
import { secureModule } from './fixtures/secure.module.js';
import { freePort } from '../src/testing/free-port.js';
import { initializeBody, post } from './support/raw-http.js';
import { SignJWT } from 'jose';
import { JsonRpcCode } from '../src/index.js';

const MODERN_DISCOVER = {
  jsonrpc: '2.0',
  id: 1,
  method: 'server/discover',
  params: {
    _meta: {
      'io.modelcontextprotocol/protocolVersion': '2026-07-28',
      'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
      'io.modelcontextprotocol/clientCapabilities': {},
    },
  },
};

describe('throttling, request ids and metrics', () => {
  let running: RunningMcpApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it.each([
    ['2025', initializeBody(), {}],
    ['2026-07-28', MODERN_DISCOVER, { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'server/discover' }],
  ])(
    'answers the request over the limit with 429, Retry-After and a JSON-RPC error (%s)',
    async (_era, body, headers) => {
      running = await startMcpApp(featureModule({ rateLimit: { limit: 3, ttlMs: 60_000 } }));
      const first = await post(running.url, body, headers);
      expect(first.status).toBeLessThan(400);
      expect([first.headers.get('x-ratelimit-limit'), first.headers.get('x-ratelimit-remaining')]).toEqual(['3', '2']);
      await drain(first);
      for (let i = 1; i < 3; i++) expect((await post(running.url, body, headers).then(drain)).status).toBeLessThan(400);
      const refused = await post(running.url, body, headers);
      expect(refused.status).toBe(429);
      expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
      expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcCode.TooManyRequests } });
    },
  );

  it('counts per principal, not per connection', async () => {
    const secret = 'a-test-secret-that-is-long-enough-for-hs256';
    const port = await freePort();
    const resource = `http://127.0.0.1:${port}/mcp`;
    running = await startMcpApp(
      secureModule({ mode: 'jwt', secret, resourceUrl: resource }, { rateLimit: { limit: 2, ttlMs: 60_000 } }),
      { port },
    );
    const token = (sub: string) =>
      new SignJWT({ sub, aud: resource })
        .setProtectedHeader({ alg: 'HS256' })
        .setExpirationTime('5m')
        .sign(new TextEncoder().encode(secret));
    const as = async (sub: string) => ({ authorization: `Bearer ${await token(sub)}` });
    expect((await post(running.url, initializeBody(), await as('alice')).then(drain)).status).toBe(200);
    expect((await post(running.url, initializeBody(), await as('alice')).then(drain)).status).toBe(200);
    expect((await post(running.url, initializeBody(), await as('alice')).then(drain)).status).toBe(429);
    expect((await post(running.url, initializeBody(), await as('bob')).then(drain)).status).toBe(200);
  });

  it.each(['sdk-v1', 'sdk-v2-modern'] as const)(
    'limits a tool with @Throttle per caller and tool, as a JSON-RPC error for that call (%s)',
    async (kind) => {
      running = await startMcpApp(featureModule());
      const client = await connectTestClient(kind, running.url);
      expect(textOf(await client.callTool('limited'))).toBe('within the limit');
      expect(textOf(await client.callTool('limited'))).toBe('within the limit');
      await expect(client.callTool('limited')).rejects.toMatchObject({ code: JsonRpcCode.TooManyRequests });
      expect(textOf(await client.callTool('echo', { text: 'a', count: 1 }))).toBe('a');
      await client.close();
    },
  );

  it('echoes the x-request-id it was given, or one it made', async () => {
    running = await startMcpApp(featureModule());
    const given = await post(running.url, initializeBody(), { 'x-request-id': 'req-123' });
    expect(given.headers.get('x-request-id')).toBe('req-123');
    const made = await post(running.url, initializeBody());
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
    const refused = await post(running.url, '{', { 'x-request-id': 'bad-json-1' });
    expect(refused.headers.get('x-request-id')).toBe('bad-json-1');
  });

  it('exposes Prometheus metrics that follow the traffic', async () => {
    running = await startMcpApp(featureModule({ metricsToken: 'metrics-token-0123456789' }));
    const modern = await connectTestClient('sdk-v2-modern', running.url);
    await modern.callTool('echo', { text: 'a', count: 1 });
    await modern.callTool('fail_visible');
    const legacy = await connectTestClient('sdk-v1', running.url);
    await legacy.callTool('echo', { text: 'a', count: 1 });
    // A made-up revision is refused, and counted under one label however many a client invents.
    for (const version of ['1999-01-01', '1999-01-02']) {
      const list = { jsonrpc: '2.0', id: 1, method: 'tools/list' };
      const refused = await post(running.url, list, { 'mcp-protocol-version': version });
      expect(refused.status).toBeGreaterThanOrEqual(400);
      await refused.text();
    }

    expect((await fetch(new URL('/metrics', running.url))).status).toBe(401);
    const scrape = await fetch(new URL('/metrics', running.url), {
      headers: { authorization: 'Bearer metrics-token-0123456789' },
    });
    expect(scrape.status).toBe(200);
    const text = await scrape.text();
    expect(text).toMatch(/mcp_requests_total\{method="tools\/call",era="2026-07-28",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/mcp_requests_total\{method="tools\/call",era="2025-\d\d-\d\d",outcome="ok"\} [1-9]/);
    expect(text).toMatch(/mcp_requests_total\{method="tools\/list",era="other",outcome="http_400"\} 2/);
    expect(text).not.toContain('1999-01-0');
    expect(text).toMatch(/mcp_tool_calls_total\{tool="echo",outcome="ok"\} 2/);
    expect(text).toMatch(/mcp_tool_calls_total\{tool="fail_visible",outcome="is_error"\} 1/);
    expect(text).toMatch(/mcp_tool_duration_seconds_count\{tool="echo"\} 2/);
    expect(text).toMatch(/mcp_active_sessions 1/);
    expect(text).toContain('process_resident_memory_bytes');
    await Promise.all([modern.close(), legacy.close()]);
  });

  it('reports liveness and readiness', async () => {
    running = await startMcpApp(featureModule());
    expect((await fetch(new URL('/health/live', running.url))).status).toBe(200);
    expect(await (await fetch(new URL('/health/ready', running.url))).json()).toEqual({ status: 'ready' });
  });
});

const drain = async (response: Response) => {
  await response.text();
  return response;
};

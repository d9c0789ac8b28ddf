import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { featureModule } from './fixtures/feature.module.js';
import { initializeBody, openSession, post } from './support/raw-http.js';

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'fuzz', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const METHODS = [
  'initialize',
  'tools/list',
  'tools/call',
  'resources/read',
  'resources/list',
  'prompts/get',
  'completion/complete',
  'logging/setLevel',
  'server/discover',
  'subscriptions/listen',
  'ping',
  'notifications/initialized',
  'no/such/method',
];

/** Keys chosen to try prototype pollution and odd shapes, mixed with ordinary ones. */
const hostileKey = fc.constantFrom(
  '__proto__',
  'constructor',
  'prototype',
  'toString',
  'name',
  'arguments',
  'text',
  '',
);
const hostileObject = fc.dictionary(hostileKey, fc.jsonValue({ maxDepth: 3 }), { maxKeys: 4 });

const rpcBody = fc.record(
  {
    jsonrpc: fc.oneof(fc.constant('2.0'), fc.jsonValue({ maxDepth: 1 })),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 8 }), fc.constant(null)),
    method: fc.oneof(fc.constantFrom(...METHODS), fc.string({ maxLength: 12 })),
    params: fc.oneof(
      fc.jsonValue({ maxDepth: 3 }),
      fc.record({ name: fc.constantFrom('echo', 'raw_schema', 'nope'), arguments: hostileObject }),
      fc.record({
        name: fc.constantFrom('echo', 'raw_schema'),
        arguments: hostileObject,
        _meta: fc.constant(MODERN_META),
      }),
      fc.record({ uri: fc.string({ maxLength: 20 }), _meta: fc.constant(MODERN_META) }),
    ),
  },
  { requiredKeys: [] },
);

describe('hostile input against the running server', () => {
  let running: RunningMcpApp;
  let sessionId: string;

  beforeAll(async () => {
    running = await startMcpApp(featureModule(), { logger: false });
    sessionId = await openSession(running.url);
  });
  afterAll(() => running.close());

  const stillServing = async () => {
    const response = await post(running.url, initializeBody());
    await response.text();
    return response.status;
  };

  it('never answers a fuzzed JSON-RPC body with a 5xx, in either era or a session', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(rpcBody, fc.array(rpcBody, { maxLength: 3 }), fc.jsonValue({ maxDepth: 4 })),
        fc.constantFrom('none', 'session', 'modern'),
        async (body, mode) => {
          const headers: Record<string, string> =
            mode === 'session'
              ? { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' }
              : mode === 'modern'
                ? { 'mcp-protocol-version': '2026-07-28' }
                : {};
          const response = await post(running.url, body, headers);
          await response.text();
          expect(response.status).toBeLessThan(500);
        },
      ),
      { numRuns: 300 },
    );
    expect(await stillServing()).toBe(200);
  });

  it('never answers fuzzed tool arguments with a 5xx or a JSON-RPC internal error, and pollutes nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom('echo', 'raw_schema', 'piped'), hostileObject, async (name, args) => {
        const response = await post(
          running.url,
          { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name, arguments: args, _meta: MODERN_META } },
          { 'mcp-protocol-version': '2026-07-28' },
        );
        const text = await response.text();
        expect(response.status).toBeLessThan(500);
        expect(text).not.toContain('-32603');
      }),
      { numRuns: 200 },
    );
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(Object.prototype).not.toHaveProperty('text');
    expect(await stillServing()).toBe(200);
  });

  it('refuses absurd nesting with 400 and stays up', async () => {
    const deep = '['.repeat(100_000) + ']'.repeat(100_000);
    const response = await post(running.url, deep);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ error: { code: -32600 } });
    expect(await stillServing()).toBe(200);
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { featureModule } from './fixtures/feature.module.js';
import { secureModule } from './fixtures/secure.module.js';
import { Probe } from './fixtures/probe.service.js';
import { initializeBody, openSession, post, readEvents } from './support/raw-http.js';
import { postHead, RawSocket } from './support/raw-socket.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const ANNOUNCED = 4_000_000;

// Each test's app and raw connection, closed after it.
let running: RunningMcpApp | undefined;
let socket: RawSocket | undefined;
afterEach(async () => {
  socket?.destroy();
  await running?.close();
  running = socket = undefined;
});

/**
 * What a request is refused for is decided from its headers: the answer comes
 * while its body is still on the way (here: never sent), and the connection
 * closes instead of reading the rest.
 */
describe('refusing from the headers, before the body', () => {
  async function announce(headers: Record<string, string>, host?: string): Promise<RawSocket> {
    const port = Number(running!.url.port);
    socket = await RawSocket.open(port);
    let head = postHead(port, running!.url.pathname, ANNOUNCED, headers);
    if (host) head = head.replace(/^Host: .*$/m, `Host: ${host}`);
    socket.write(head);
    socket.write('{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"x":"');
    return socket;
  }

  it('answers 401 to an unauthenticated request without waiting for its body, and closes', async () => {
    running = await startMcpApp(secureModule({ mode: 'jwt', secret: SECRET, resourceUrl: 'http://127.0.0.1/mcp' }));
    const raw = await announce({});
    const answer = await raw.waitFor(/\r\n\r\n[\s\S]*"jsonrpc"/, 2_000);
    expect(answer).toMatch(/^HTTP\/1\.1 401/);
    expect(answer).toMatch(/^connection: close/im);
    expect(await raw.waitClosed(2_000)).toBe(true);
  });

  it('answers 403 to a foreign Host without waiting for the body', async () => {
    running = await startMcpApp(featureModule());
    const raw = await announce({}, 'evil.example');
    const answer = await raw.waitFor(/\r\n\r\n[\s\S]*"jsonrpc"/, 2_000);
    expect(answer).toMatch(/^HTTP\/1\.1 403/);
    expect(await raw.waitClosed(2_000)).toBe(true);
  });

  it('answers 429 over the rate limit without waiting for the body', async () => {
    running = await startMcpApp(featureModule({ rateLimit: { limit: 1, ttlMs: 60_000 } }));
    const first = await post(running.url, initializeBody());
    await first.text();
    expect(first.status).toBe(200);
    const raw = await announce({});
    const answer = await raw.waitFor(/\r\n\r\n[\s\S]*"jsonrpc"/, 2_000);
    expect(answer).toMatch(/^HTTP\/1\.1 429/);
    expect(answer).toMatch(/^retry-after: \d+/im);
    expect(await raw.waitClosed(2_000)).toBe(true);
  });

  it('refuses a bad credential before parsing the body (401, not a parse error)', async () => {
    running = await startMcpApp(secureModule({ mode: 'jwt', secret: SECRET, resourceUrl: 'http://127.0.0.1/mcp' }));
    const response = await post(running.url, 'not json', { authorization: 'Bearer nope' });
    expect(response.status).toBe(401);
    await response.text();
  });
});

/** Anonymous clients cannot hold a connection (and what it buffers) longer than the server's timeouts. */
describe('HTTP timeouts', () => {
  const start = async () => {
    running = await startMcpApp(
      featureModule({ httpTimeouts: { headersMs: 500, requestMs: 1_000, keepAliveMs: 300 } }),
    );
    socket = await RawSocket.open(Number(running.url.port));
    return socket;
  };

  it('drops a client that never finishes its headers', async () => {
    const raw = await start();
    raw.write(`POST /mcp HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n`);
    expect(await raw.waitClosed(2_500)).toBe(true);
  });

  it('drops a client that never finishes its body', async () => {
    const raw = await start();
    raw.write(postHead(Number(running!.url.port), '/mcp', 1_000));
    raw.write('{"jsonrpc":"2.0",');
    expect(await raw.waitClosed(3_000)).toBe(true);
  });

  it('closes an idle keep-alive connection', async () => {
    const raw = await start();
    const body = JSON.stringify(initializeBody());
    raw.write(postHead(Number(running!.url.port), '/mcp', Buffer.byteLength(body)) + body);
    await raw.waitFor(/"serverInfo"/);
    expect(await raw.waitClosed(2_000)).toBe(true);
  });
});

/** A client that stops reading is dropped once a bounded backlog waits for it, and its call is cancelled. */
describe('slow readers', () => {
  /** Posts a flooding call on a raw connection that never reads its answer. */
  async function floodWithoutReading(body: object, headers: Record<string, string>): Promise<RawSocket> {
    const text = JSON.stringify(body);
    socket = await RawSocket.open(Number(running!.url.port));
    socket.pause();
    socket.write(postHead(Number(running!.url.port), '/mcp', Buffer.byteLength(text), headers) + text);
    return socket;
  }

  const floodCall = (id: string, meta: Record<string, unknown> = {}) => ({
    jsonrpc: '2.0',
    id: 1,
    method: 'tools/call',
    params: {
      name: 'flood',
      arguments: { id, messages: 1_000, size: 100_000 },
      _meta: { progressToken: id, ...meta },
    },
  });

  it('drops a 2025-era client that stops reading its answer stream, and cancels its call', async () => {
    running = await startMcpApp(featureModule({ maxQueuedBytes: 512 * 1024, slowClientTimeoutMs: 500 }));
    const sessionId = await openSession(running.url);
    const raw = await floodWithoutReading(floodCall('legacy-flood'), {
      'mcp-session-id': sessionId,
      'mcp-protocol-version': '2025-06-18',
    });
    await expect.poll(() => running!.app.get(Probe).aborted, { timeout: 5_000 }).toContain('legacy-flood');
    raw.resume();
    expect(await raw.waitClosed(3_000)).toBe(true);
  });

  it('drops a 2026-07-28 client that stops reading its answer stream, and cancels its call', async () => {
    running = await startMcpApp(featureModule({ maxQueuedBytes: 512 * 1024, slowClientTimeoutMs: 500 }));
    const raw = await floodWithoutReading(
      floodCall('modern-flood', {
        'io.modelcontextprotocol/protocolVersion': '2026-07-28',
        'io.modelcontextprotocol/clientCapabilities': {},
        'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
      }),
      { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': 'flood' },
    );
    await expect.poll(() => running!.app.get(Probe).aborted, { timeout: 5_000 }).toContain('modern-flood');
    raw.resume();
    expect(await raw.waitClosed(3_000)).toBe(true);
  });

  it('keeps a client that reads, however much it is sent', async () => {
    running = await startMcpApp(featureModule({ maxQueuedBytes: 512 * 1024, slowClientTimeoutMs: 500 }));
    const sessionId = await openSession(running.url);
    const call = await post(
      running.url,
      {
        ...floodCall('reader'),
        params: { ...floodCall('reader').params, arguments: { id: 'reader', messages: 100, size: 50_000 } },
      },
      { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' },
    );
    const events = await readEvents(call, (seen) => seen.length >= 100);
    expect(events.length).toBeGreaterThanOrEqual(100);
  });
});

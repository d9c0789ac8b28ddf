import http from 'node:http';
import { afterEach, describe, expect, it } from 'vitest';
import { McpRegistry, JsonRpcCode } from '../src/index.js';
import { LegacySessions } from '../src/transport/legacy-sessions.js';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { featureModule } from './fixtures/feature.module.js';
import {
  ACCEPT_BOTH,
  initializeBody,
  listTools,
  openSession,
  post,
  readEvents,
  resumeStream,
  sessionHeaders,
  slowProgressCall,
} from './support/raw-http.js';
import { connectV1Client } from '../src/testing/v1-client.js';

const V = '2025-06-18';
describe('2025-era sessions', () => {
  let running: RunningMcpApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('resumes a dropped stream from Last-Event-ID without losing a message', async () => {
    running = await startMcpApp(featureModule());
    const sessionId = await openSession(running.url);
    const call = await post(running.url, slowProgressCall(4), sessionHeaders(sessionId));
    expect(call.headers.get('content-type')).toContain('text/event-stream');
    const before = await readEvents(call, (events) => events.filter((e) => e.data !== undefined).length >= 2);
    const lastEventId = before.at(-1)!.id!;
    expect(lastEventId).toBeTruthy();

    const resumed = await resumeStream(running.url, lastEventId, sessionHeaders(sessionId));
    expect(resumed.status).toBe(200);
    const after = await readEvents(resumed, (events) => events.some((e) => (e.data as { id?: number }).id === 7));
    const progress = [...before, ...after]
      .map((e) => (e.data as { params?: { progress?: number } }).params?.progress)
      .filter((p) => p !== undefined);
    expect(progress).toEqual([1, 2, 3, 4]);
    const result = after.find((e) => (e.data as { id?: number }).id === 7)!.data as {
      result: { content: { text: string }[] };
    };
    expect(result.result.content[0].text).toBe('done after 4 steps');
  });

  it('refuses a request reusing the id of one still in flight on the session, which still gets its answer', async () => {
    running = await startMcpApp(featureModule());
    const sessionId = await openSession(running.url);
    const slowCall = (id: number) => ({
      jsonrpc: '2.0',
      id,
      method: 'tools/call',
      params: { name: 'slow_progress', arguments: { steps: 2, delayMs: 150 } },
    });
    const first = await post(running.url, slowCall(7), sessionHeaders(sessionId));
    const reused = await post(running.url, slowCall(7), sessionHeaders(sessionId));
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: { code: -32600, message: expect.stringContaining('id 7') } });
    const events = await readEvents(first, (seen) => seen.some((event) => (event.data as { id?: number }).id === 7));
    expect(events.find((event) => (event.data as { id?: number }).id === 7)?.data).toMatchObject({
      result: { content: [{ text: 'done after 2 steps' }] },
    });
    // Once answered, the id is free again.
    const again = await post(running.url, slowCall(7), sessionHeaders(sessionId));
    expect(again.status).toBe(200);
    await again.text();
  });

  it('ends a session on DELETE; its id then gets 404, as an unknown one does', async () => {
    running = await startMcpApp(featureModule());
    const sessionId = await openSession(running.url);
    expect((await post(running.url, listTools(), sessionHeaders(sessionId))).status).toBe(200);
    const deleted = await fetch(running.url, {
      method: 'DELETE',
      headers: sessionHeaders(sessionId),
    });
    expect(deleted.status).toBe(200);
    const after = await post(running.url, listTools(), sessionHeaders(sessionId));
    expect(after.status).toBe(404);
    expect(await after.json()).toMatchObject({ error: { code: JsonRpcCode.SessionNotFound } });
    const unknown = await post(running.url, listTools(), sessionHeaders('00000000-0000-0000-0000-000000000000'));
    expect(unknown.status).toBe(404);
  });

  it('refuses a non-initialize request without a session id', async () => {
    running = await startMcpApp(featureModule());
    const response = await post(running.url, listTools());
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      jsonrpc: '2.0',
      error: { code: JsonRpcCode.InvalidRequest },
    });
  });

  it('closes idle sessions after the TTL', async () => {
    running = await startMcpApp(featureModule({ sessionTtlMs: 200 }));
    const sessionId = await openSession(running.url);
    expect((await post(running.url, listTools(), sessionHeaders(sessionId))).status).toBe(200);
    // Asking keeps a session alive, so wait past the TTL and a sweep before asking again.
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect((await post(running.url, listTools(), sessionHeaders(sessionId))).status).toBe(404);
  });

  it('parks a session idle past the park delay and rebuilds it, subscriptions and all, on its next request', async () => {
    running = await startMcpApp(featureModule({ sessionParkMs: 150 }));
    const sessions = running.app.get(LegacySessions);
    const sessionId = await openSession(running.url);
    const subscribe = { jsonrpc: '2.0', id: 3, method: 'resources/subscribe', params: { uri: 'test://watched' } };
    expect((await post(running.url, subscribe, sessionHeaders(sessionId))).status).toBe(200);
    await expect.poll(() => sessions.counts, { timeout: 3_000 }).toEqual({ live: 0, parked: 1 });

    // Concurrent requests wake it once; the client sees the same session, as if nothing happened.
    const answers = await Promise.all(
      [2, 4, 5].map((id) => post(running!.url, listTools(id), sessionHeaders(sessionId))),
    );
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    expect(sessions.counts).toEqual({ live: 1, parked: 0 });
    const events = await Promise.all(answers.map((answer) => readEvents(answer, (seen) => seen.length > 0)));
    expect(events.map((seen) => (seen.at(-1)!.data as { id: number }).id)).toEqual([2, 4, 5]);

    // The rebuilt session still has the subscription made before it was parked.
    const stream = await fetch(running.url, { headers: { accept: 'text/event-stream', ...sessionHeaders(sessionId) } });
    expect(stream.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 100));
    running.app.get(McpRegistry).notifyResourceUpdated('test://watched');
    const updates = await readEvents(stream, (seen) => seen.some((event) => event.data !== undefined));
    expect(updates.find((event) => event.data !== undefined)?.data).toMatchObject({
      method: 'notifications/resources/updated',
      params: { uri: 'test://watched' },
    });
  });

  it('never parks a session with a stream open', async () => {
    running = await startMcpApp(featureModule({ sessionParkMs: 100 }));
    const sessions = running.app.get(LegacySessions);
    const sessionId = await openSession(running.url);
    const hangUp = new AbortController();
    const stream = await fetch(running.url, {
      headers: { accept: 'text/event-stream', ...sessionHeaders(sessionId) },
      signal: hangUp.signal,
    });
    expect(stream.status).toBe(200);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect(sessions.counts).toEqual({ live: 1, parked: 0 });
    hangUp.abort();
    await expect.poll(() => sessions.counts, { timeout: 3_000 }).toEqual({ live: 0, parked: 1 });
  });

  it('closes with a client still holding its event stream, without waiting out the connection', async () => {
    running = await startMcpApp(featureModule());
    // A connection left to linger would hold close() for two minutes, past this test's timeout.
    running.app.getHttpServer().keepAliveTimeout = 120_000;
    const sessionId = await openSession(running.url);
    const agent = new http.Agent({ keepAlive: true });
    const streamOpen = new Promise<http.IncomingMessage>((resolve, reject) =>
      http
        .get(running!.url, { agent, headers: { accept: 'text/event-stream', ...sessionHeaders(sessionId) } }, resolve)
        .on('error', reject),
    );
    const stream = await streamOpen;
    expect(stream.statusCode).toBe(200);
    stream.resume();
    await running.close();
    running = undefined;
    agent.destroy();
  }, 15_000);

  it('expires parked sessions after the TTL', async () => {
    running = await startMcpApp(featureModule({ sessionParkMs: 50, sessionTtlMs: 1_000 }));
    const sessions = running.app.get(LegacySessions);
    const sessionId = await openSession(running.url);
    await expect.poll(() => sessions.counts, { timeout: 3_000 }).toEqual({ live: 0, parked: 1 });
    await expect.poll(() => sessions.counts, { timeout: 3_000 }).toEqual({ live: 0, parked: 0 });
    expect((await post(running.url, listTools(), sessionHeaders(sessionId))).status).toBe(404);
  });

  it('caps the number of sessions, closing the least recently used', async () => {
    running = await startMcpApp(featureModule({ maxSessions: 2 }));
    const first = await openSession(running.url);
    const second = await openSession(running.url);
    // Touch the first, so the second is now the least recently used.
    expect((await post(running.url, listTools(), sessionHeaders(first))).status).toBe(200);
    const third = await openSession(running.url);
    expect((await post(running.url, listTools(), sessionHeaders(second))).status).toBe(404);
    expect((await post(running.url, listTools(), sessionHeaders(first))).status).toBe(200);
    expect((await post(running.url, listTools(), sessionHeaders(third))).status).toBe(200);
  });

  it('serves 2025-era clients per request in stateless legacy mode', async () => {
    running = await startMcpApp(featureModule({ legacyMode: 'stateless' }));
    const init = await post(running.url, initializeBody(V));
    expect(init.status).toBe(200);
    expect(init.headers.get('mcp-session-id')).toBeNull();
    await init.text();
    const { client } = await connectV1Client(running.url);
    const result = await client.callTool({
      name: 'echo',
      arguments: { text: 'x', count: 3 },
    });
    expect(result.content).toEqual([{ type: 'text', text: 'xxx' }]);
    await client.close();
    const stream = await fetch(running.url, {
      headers: { accept: 'text/event-stream' },
    });
    expect(stream.status).toBe(405);
  });
});

describe('bad HTTP input', () => {
  let running: RunningMcpApp;
  afterEach(() => running.close());

  it('answers malformed JSON with 400 and a JSON-RPC parse error, and an oversized body with 413', async () => {
    running = await startMcpApp(featureModule({ maxRequestBodyBytes: 1024 }));
    const malformed = await post(running.url, '{"jsonrpc": "2.0", "id": 1, ');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      jsonrpc: '2.0',
      error: { code: -32700 },
      id: null,
    });
    const huge = await post(running.url, {
      jsonrpc: '2.0',
      id: 1,
      method: 'ping',
      params: { pad: 'x'.repeat(5000) },
    });
    expect(huge.status).toBe(413);
    const still = await post(running.url, initializeBody(V), {
      accept: ACCEPT_BOTH,
    });
    expect(still.status).toBe(200);
  });
});

describe('resumption is scoped to its session', () => {
  let running: RunningMcpApp;
  afterEach(() => running.close());

  it("never replays another session's stream, whatever Last-Event-ID it is given", async () => {
    running = await startMcpApp(featureModule());
    const first = await openSession(running.url);
    const second = await openSession(running.url);
    const stream = await fetch(running.url, { headers: { accept: 'text/event-stream', ...sessionHeaders(first) } });
    expect(stream.status).toBe(200);
    const events = readEvents(stream, (seen) => seen.length >= 1);
    await new Promise((resolve) => setTimeout(resolve, 100));
    running.app.get(McpRegistry).addTool({ name: 'announced', handler: () => 'x' });
    const [announcement] = await events;
    expect(announcement.id).toBeTruthy();

    const stolen = await fetch(running.url, {
      headers: { accept: 'text/event-stream', 'last-event-id': announcement.id!, ...sessionHeaders(second) },
    });
    const body = stolen.status === 200 ? await readEvents(stolen, () => true) : [];
    expect(stolen.status).not.toBe(200);
    expect(body).toEqual([]);
    // End the sessions as a client would, so closing the app does not wait on the dropped stream.
    for (const id of [first, second]) await fetch(running.url, { method: 'DELETE', headers: sessionHeaders(id) });
  });
});

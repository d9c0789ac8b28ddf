import { Server, type JSONRPCMessage } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { InMemoryCallsInFlightStore } from '../stores/calls/calls-in-flight.store.js';
import { InMemoryEventStore } from '../stores/events/in-memory-event.store.js';
import { SessionEventStore } from '../stores/events/session-event-store.js';
import { InMemoryInstanceLiveness, type InstanceLiveness } from '../stores/tasks/instance-liveness.js';
import { SessionTransport } from './legacy-session.js';
import { INSTANCE_STOPPED, SessionCalls } from './session-calls.js';

const SESSION = 'session-1';
const V = '2025-11-25';
const headers = { 'content-type': 'application/json', accept: 'application/json, text/event-stream' };
const onSession = { ...headers, 'mcp-session-id': SESSION, 'mcp-protocol-version': V };
const post = (body: JSONRPCMessage, withSession = true) =>
  new Request('http://localhost/mcp', {
    method: 'POST',
    headers: withSession ? onSession : headers,
    body: JSON.stringify(body),
  });

/** A real SDK transport and server on one session, whose one tool answers when the test says so. */
async function session(liveness: InstanceLiveness = new InMemoryInstanceLiveness()) {
  let answer!: () => void;
  const answered = new Promise<void>((resolve) => (answer = resolve));
  const events = new SessionEventStore(new InMemoryEventStore(), SESSION);
  const transport = new SessionTransport({ sessionIdGenerator: () => SESSION, eventStore: events });
  const server = new Server({ name: 't', version: '1' }, { capabilities: { tools: {} } });
  server.setRequestHandler('tools/call', async () => {
    await answered;
    return { content: [] };
  });
  await server.connect(transport);
  const initialize = { protocolVersion: V, capabilities: {}, clientInfo: { name: 'c', version: '1' } };
  await (
    await transport.handleRequest(post({ jsonrpc: '2.0', id: 0, method: 'initialize', params: initialize }, false))
  ).text();
  const store = new InMemoryCallsInFlightStore({ maxPerSession: 10, maxRecordBytes: 4096 });
  const calls = new SessionCalls(SESSION, transport, events, { store, liveness }, true);
  transport.onsent = (message) => calls.sent(message);
  return { transport, store, calls, answer };
}

/** The stream a call runs on, as its client knows it: the priming event's id. */
async function call(transport: SessionTransport, id: number) {
  const response = await transport.handleRequest(
    post({ jsonrpc: '2.0', id, method: 'tools/call', params: { name: 'x' } }),
  );
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const primingId = /^id: (.*)$/m.exec((await reader.read()).value!)![1];
  return { primingId, streamId: primingId.slice(`${SESSION}/`.length, primingId.lastIndexOf('::')), reader };
}

describe('SessionCalls', () => {
  it("records a call's stream as this instance's while it runs (the SDK's request-to-stream map is read), and forgets it when answered", async () => {
    const { transport, store, calls, answer } = await session();
    const { streamId, reader } = await call(transport, 7);
    calls.started([7]);
    expect(await store.find(SESSION, streamId)).toMatchObject({ requestIds: [7] });
    answer();
    await reader.read();
    await expect.poll(() => store.find(SESSION, streamId)).toBeUndefined();
  });

  it("answers a resume of a dead instance's stream with an error for each unanswered request, once", async () => {
    const { transport, store, calls } = await session();
    const { primingId, streamId } = await call(transport, 8);
    store.begin(SESSION, streamId, { instance: 'gone', requestIds: [8] });

    const resumed = await (await calls.resumeElsewhere(primingId))!.text();
    expect(resumed).toContain(
      JSON.stringify({
        jsonrpc: '2.0',
        id: 8,
        error: { code: INSTANCE_STOPPED.code, message: INSTANCE_STOPPED.message },
      }),
    );
    expect(await store.find(SESSION, streamId)).toBeUndefined();
    // The record is taken: the SDK serves the next resume, from the stream that now holds the error.
    expect(await calls.resumeElsewhere(primingId)).toBeUndefined();
  });

  it("tells a client resuming a live instance's stream to come back, from the last event it has", async () => {
    // Every other instance holds its lease.
    const { transport, store, calls } = await session({
      id: 'here',
      isAlive: async () => true,
      release: async () => {},
    });
    const { primingId, streamId } = await call(transport, 9);
    store.begin(SESSION, streamId, { instance: 'elsewhere', requestIds: [9] });
    const resumed = await (await calls.resumeElsewhere(primingId))!.text();
    expect(resumed).toBe(`id: ${primingId}\nretry: 1000\ndata: \n\n`);
    expect(await store.find(SESSION, streamId)).toBeDefined();
  });
});

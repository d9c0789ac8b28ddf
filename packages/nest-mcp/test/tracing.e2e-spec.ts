import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balancedInstances } from './support/balanced-instances.js';
import { AppProcess, TRACED_FIXTURE_MAIN } from './support/fixture-app.js';
import { modernRpc } from './support/modern-rpc.js';
import { OtlpReceiver, SpanKindCode, type ReceivedSpan } from './support/otlp-receiver.js';
import { initializeBody, post, readEvents, sessionHeaders, type SseEvent } from './support/raw-http.js';

/** A W3C trace context of a client span: its trace id, span id and `traceparent`. */
function clientSpan() {
  const traceId = randomBytes(16).toString('hex');
  const spanId = randomBytes(8).toString('hex');
  return { traceId, spanId, traceparent: `00-${traceId}-${spanId}-01` };
}

/** The exporter's settings, as an operator sets them: OTLP/HTTP, JSON, short batches. */
const otelEnv = (endpoint: string) => ({
  OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
  OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
  OTEL_BSP_SCHEDULE_DELAY: '50',
  OTEL_SERVICE_NAME: 'traced-fixture',
});

/** A downstream HTTP service that answers `pong`, keeping the headers it was sent. */
async function startDownstream(): Promise<{ server: Server; url: string; headers: IncomingHttpHeaders[] }> {
  const headers: IncomingHttpHeaders[] = [];
  const server = createServer((req, res) => {
    headers.push(req.headers);
    res.end('pong');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/ping`, headers };
}

/** The JSON lines of a service's log (LOG_FORMAT=json). */
const jsonLines = (output: string): Record<string, unknown>[] =>
  output.split('\n').flatMap((line) => {
    try {
      return line.startsWith('{') ? [JSON.parse(line) as Record<string, unknown>] : [];
    } catch {
      return [];
    }
  });

/** The 2025-era revision the session specs speak. */
const V = '2025-06-18';

const isExchange = (name: string) => (span: ReceivedSpan) =>
  span.scope === 'nest-mcp' && span.kind === SpanKindCode.server && span.name === name;

describe('traces: one exchange, its tool and what the tool calls', () => {
  const receiver = new OtlpReceiver();
  let downstream: Awaited<ReturnType<typeof startDownstream>>;
  let app: AppProcess;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    downstream = await startDownstream();
    app = await AppProcess.start(
      { ...otelEnv(endpoint), FIXTURE_DOWNSTREAM_URL: downstream.url, LOG_FORMAT: 'json' },
      TRACED_FIXTURE_MAIN,
    );
    await app.ready();
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await new Promise((resolve) => downstream?.server.close(resolve));
    await receiver.stop();
  });

  it("exports the exchange span, the tool span beneath it and the tool's HTTP call beneath that, in the client's trace (_meta traceparent)", async () => {
    const client = clientSpan();
    const reply = await modernRpc(
      app.url,
      'tools/call',
      { name: 'fetch_downstream', arguments: {} },
      {
        meta: { traceparent: client.traceparent },
      },
    );
    expect(reply.result).toMatchObject({ content: [{ type: 'text', text: 'downstream said pong' }] });

    const exchange = await receiver.span(
      (span) => isExchange('tools/call fetch_downstream')(span) && span.traceId === client.traceId,
    );
    expect(exchange.parentSpanId).toBe(client.spanId);
    expect(exchange.service).toBe('traced-fixture');
    expect(exchange.attributes).toMatchObject({
      'mcp.method.name': 'tools/call',
      'gen_ai.tool.name': 'fetch_downstream',
      'gen_ai.operation.name': 'execute_tool',
      'jsonrpc.request.id': '1',
      'mcp.protocol.version': '2026-07-28',
      'network.transport': 'tcp',
      'nest_mcp.outcome': 'ok',
    });
    expect(exchange.attributes['error.type']).toBeUndefined();

    const tool = await receiver.span((span) => span.parentSpanId === exchange.spanId);
    expect(tool).toMatchObject({
      name: 'execute_tool fetch_downstream',
      kind: SpanKindCode.internal,
      traceId: client.traceId,
    });
    expect(tool.attributes).toMatchObject({ 'gen_ai.tool.name': 'fetch_downstream', 'nest_mcp.outcome': 'ok' });

    const call = await receiver.span((span) => span.parentSpanId === tool.spanId);
    expect(call).toMatchObject({ kind: SpanKindCode.client, traceId: client.traceId });
    expect(call.attributes).toMatchObject({ 'http.request.method': 'GET' });
    // And the downstream service was told so: it continues the same trace.
    expect(downstream.headers.at(-1)?.traceparent).toContain(`00-${client.traceId}-${call.spanId}`);
  });

  it("takes the _meta traceparent over the HTTP header, and links the HTTP request's span", async () => {
    const inMeta = clientSpan();
    const inHeader = clientSpan();
    await modernRpc(
      app.url,
      'tools/list',
      {},
      {
        meta: { traceparent: inMeta.traceparent },
        headers: { traceparent: inHeader.traceparent },
      },
    );
    const exchange = await receiver.span((span) => isExchange('tools/list')(span) && span.traceId === inMeta.traceId);
    expect(exchange.parentSpanId).toBe(inMeta.spanId);
    const httpServer = await receiver.span(
      (span) => span.traceId === inHeader.traceId && span.kind === SpanKindCode.server && span.scope !== 'nest-mcp',
    );
    expect(httpServer.parentSpanId).toBe(inHeader.spanId);
    expect(exchange.links).toEqual([expect.objectContaining({ traceId: inHeader.traceId, spanId: httpServer.spanId })]);
  });

  it("continues the HTTP traceparent header when _meta has none, through the HTTP request's span", async () => {
    const inHeader = clientSpan();
    await modernRpc(app.url, 'tools/list', {}, { headers: { traceparent: inHeader.traceparent } });
    const exchange = await receiver.span((span) => isExchange('tools/list')(span) && span.traceId === inHeader.traceId);
    const httpServer = receiver.spans.find((span) => span.spanId === exchange.parentSpanId);
    expect(httpServer).toMatchObject({ kind: SpanKindCode.server, parentSpanId: inHeader.spanId });
  });

  it("writes the exchange's log line with the ids of the exchange's span, not the HTTP request's", async () => {
    const client = clientSpan();
    const requestId = `log-${client.spanId}`;
    await modernRpc(
      app.url,
      'tools/list',
      {},
      { headers: { traceparent: client.traceparent, 'x-request-id': requestId } },
    );
    const exchange = await receiver.span((span) => isExchange('tools/list')(span) && span.traceId === client.traceId);
    await expect.poll(() => jsonLines(app.output).find((line) => line.request_id === requestId)).toBeDefined();
    const line = jsonLines(app.output).find((entry) => entry.request_id === requestId)!;
    expect(line).toMatchObject({ trace_id: client.traceId, span_id: exchange.spanId });
  });

  it("marks a JSON-RPC error with its code on the tool's span and on the exchange's", async () => {
    const client = clientSpan();
    const reply = await modernRpc(
      app.url,
      'tools/call',
      { name: 'no_such_tool', arguments: {} },
      {
        meta: { traceparent: client.traceparent },
      },
    );
    expect(reply.error?.code).toBe(-32602);
    const tool = await receiver.span((span) => span.traceId === client.traceId && span.name === 'execute_tool unknown');
    expect(tool.attributes).toMatchObject({ 'error.type': '-32602', 'rpc.response.status_code': '-32602' });
    expect(tool.status?.code).toBe(2);
    const exchange = await receiver.span((span) => span.spanId === tool.parentSpanId);
    expect(exchange.attributes).toMatchObject({ 'error.type': '-32602', 'nest_mcp.outcome': 'error:-32602' });
  });
});

describe('traces across instances on one Redis', () => {
  const receiver = new OtlpReceiver();
  let endpoint = '';
  let downstream: Awaited<ReturnType<typeof startDownstream>>;
  beforeAll(async () => {
    endpoint = await receiver.start();
    downstream = await startDownstream();
  });
  afterAll(async () => {
    await receiver.stop();
    await new Promise((resolve) => downstream?.server.close(resolve));
  });
  const cluster = balancedInstances(
    {
      ...otelEnv(''),
      // Read when the instances start, after the receiver and the downstream service have.
      get OTEL_EXPORTER_OTLP_ENDPOINT() {
        return endpoint;
      },
      get FIXTURE_DOWNSTREAM_URL() {
        return downstream.url;
      },
    },
    TRACED_FIXTURE_MAIN,
  );

  /** Opens a 2025-era session on `url`, every request carrying `traceparent` as a client's propagator would. */
  async function openTracedSession(url: URL, traceparent: string, capabilities = {}, version = V) {
    const init = await post(
      url,
      { jsonrpc: '2.0', id: 1, method: 'initialize', params: { ...initializeBody(version).params, capabilities } },
      { traceparent },
    );
    await init.text();
    const headers = { ...sessionHeaders(init.headers.get('mcp-session-id')!, version), traceparent };
    await post(url, { jsonrpc: '2.0', method: 'notifications/initialized' }, headers).then((r) => r.text());
    return headers;
  }

  const answerTo = (id: number) => (events: SseEvent[]) =>
    events.find((event) => (event.data as { id?: unknown }).id === id)?.data as { result?: unknown } | undefined;

  it('keeps a 2025-era session opened on A and used on B (rebuilt there) in the one trace the client sent', async () => {
    const client = clientSpan();
    const headers = await openTracedSession(cluster.a.url, client.traceparent);
    const call = await post(
      cluster.b.url,
      { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'fetch_downstream', arguments: {} } },
      headers,
    );
    const events = await readEvents(call, (seen) => answerTo(2)(seen) !== undefined);
    expect(answerTo(2)(events)).toMatchObject({ result: { content: [{ text: 'downstream said pong' }] } });

    const opened = await receiver.span((span) => isExchange('initialize')(span) && span.traceId === client.traceId);
    const used = await receiver.span(
      (span) => isExchange('tools/call fetch_downstream')(span) && span.traceId === client.traceId,
    );
    expect(used.pid).not.toBe(opened.pid);
    expect(used.attributes['mcp.session.id']).toBe(headers['mcp-session-id']);
    const tool = await receiver.span((span) => span.parentSpanId === used.spanId);
    expect(tool).toMatchObject({ name: 'execute_tool fetch_downstream', traceId: client.traceId, pid: used.pid });
    const fetched = await receiver.span((span) => span.parentSpanId === tool.spanId);
    expect(fetched).toMatchObject({ kind: SpanKindCode.client, traceId: client.traceId });
  });

  it("puts the relay of a 2025-era client's answer, posted to B for a call running on A, in the call's trace", async () => {
    const client = clientSpan();
    const headers = await openTracedSession(cluster.a.url, client.traceparent, { elicitation: {} });
    const call = await post(
      cluster.a.url,
      {
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: { name: 'approved_export', arguments: { label: 'relayed', seconds: 0 } },
      },
      headers,
    );
    let answered: Promise<Response> | undefined;
    const events = await readEvents(call, (seen) => {
      const ask = seen.find((event) => (event.data as { method?: string }).method === 'elicitation/create');
      // The client answers the question on another connection, which the balancer sends to B.
      answered ??=
        ask &&
        post(
          cluster.b.url,
          {
            jsonrpc: '2.0',
            id: (ask.data as { id: number }).id,
            result: { action: 'accept', content: { approve: true } },
          },
          headers,
        );
      return answerTo(3)(seen) !== undefined;
    });
    expect((await answered)?.status).toBe(202);
    expect(answerTo(3)(events)).toMatchObject({ result: { content: [{ text: 'Exported relayed after approval' }] } });

    const onA = await receiver.span(
      (span) => isExchange('tools/call approved_export')(span) && span.traceId === client.traceId,
    );
    const answerOnB = await receiver.span((span) => isExchange('response')(span) && span.traceId === client.traceId);
    expect(answerOnB.pid).not.toBe(onA.pid);
    const relay = await receiver.span((span) => span.name === 'mcp session relay' && span.traceId === client.traceId);
    expect(relay).toMatchObject({ pid: onA.pid, parentSpanId: answerOnB.spanId, kind: SpanKindCode.consumer });
  });

  it("links every listen, tasks/get, tasks/update and tasks/cancel, on any instance, to the call that created the task; the task's work stays in the call's trace", async () => {
    const creator = clientSpan();
    const created = await modernRpc<{ taskId: string }>(
      cluster.a.url,
      'tools/call',
      { name: 'fetch_downstream_later', arguments: { delayMs: 300 } },
      { meta: { traceparent: creator.traceparent } },
    );
    expect(created.result).toMatchObject({ resultType: 'task' });
    const taskId = created.result!.taskId;
    // A listen for the task's status on B, open until the task ends: linked too.
    const listener = clientSpan();
    const listen = await modernRpc(
      cluster.b.url,
      'subscriptions/listen',
      { notifications: { taskIds: [taskId] } },
      { meta: { traceparent: listener.traceparent } },
    );
    expect(listen.result).toMatchObject({ resultType: 'complete' });
    const tool = await receiver.span(
      (span) => span.name === 'execute_tool fetch_downstream_later' && span.traceId === creator.traceId,
    );
    // Its work after the CreateTaskResult (here, a downstream call) is still the tool span's child.
    const work = await receiver.span((span) => span.parentSpanId === tool.spanId);
    expect(work).toMatchObject({ kind: SpanKindCode.client, traceId: creator.traceId });

    const listened = await receiver.span(
      (span) => isExchange('subscriptions/listen')(span) && span.traceId === listener.traceId,
    );
    expect(listened.links).toContainEqual(expect.objectContaining({ traceId: creator.traceId, spanId: tool.spanId }));

    for (const method of ['tasks/get', 'tasks/update', 'tasks/cancel']) {
      // Each poll is in the poller's own trace, with a link to the task's.
      const poller = clientSpan();
      const reply = await modernRpc(cluster.b.url, method, { taskId }, { meta: { traceparent: poller.traceparent } });
      expect(reply.error).toBeUndefined();
      const exchange = await receiver.span((span) => isExchange(method)(span) && span.traceId === poller.traceId);
      expect(exchange.parentSpanId).toBe(poller.spanId);
      expect(exchange.links).toContainEqual(expect.objectContaining({ traceId: creator.traceId, spanId: tool.spanId }));
    }
  });

  it('puts a task created on A and polled on B in the one trace the client sent', async () => {
    const client = clientSpan();
    const meta = { traceparent: client.traceparent };
    const created = await modernRpc<{ taskId: string }>(
      cluster.a.url,
      'tools/call',
      {
        name: 'long_export',
        arguments: { label: 'traced', seconds: 1 },
      },
      { meta },
    );
    expect(created.result).toMatchObject({ resultType: 'task' });
    const polled = await modernRpc(cluster.b.url, 'tasks/get', { taskId: created.result!.taskId }, { meta });
    expect(polled.result).toMatchObject({ taskId: created.result!.taskId });

    const onA = await receiver.span(
      (span) => isExchange('tools/call long_export')(span) && span.traceId === client.traceId,
    );
    const onB = await receiver.span((span) => isExchange('tasks/get')(span) && span.traceId === client.traceId);
    expect(onA.parentSpanId).toBe(client.spanId);
    expect(onB.parentSpanId).toBe(client.spanId);
    expect(onA.pid).not.toBe(onB.pid);
    const tool = await receiver.span((span) => span.parentSpanId === onA.spanId);
    expect(tool).toMatchObject({
      name: 'execute_tool long_export',
      attributes: expect.objectContaining({ 'nest_mcp.outcome': 'task' }),
    });
  });

  it('links a 2025-11-25 tasks/result, waiting on B for a task running on A, to the call that created the task', async () => {
    const creator = clientSpan();
    const headers = await openTracedSession(cluster.a.url, creator.traceparent, {}, '2025-11-25');
    const create = await post(
      cluster.a.url,
      {
        jsonrpc: '2.0',
        id: 2,
        method: 'tools/call',
        params: { name: 'fetch_downstream_later', arguments: { delayMs: 300 }, task: {} },
      },
      headers,
    );
    const created = answerTo(2)(await readEvents(create, (seen) => answerTo(2)(seen) !== undefined)) as {
      result: { task: { taskId: string } };
    };
    const waiter = clientSpan();
    const wait = await post(
      cluster.b.url,
      { jsonrpc: '2.0', id: 3, method: 'tasks/result', params: { taskId: created.result.task.taskId } },
      { ...headers, traceparent: waiter.traceparent },
    );
    const waited = await readEvents(wait, (seen) => answerTo(3)(seen) !== undefined);
    expect(answerTo(3)(waited)).toMatchObject({ result: { content: [{ text: 'downstream said pong' }] } });

    const tool = await receiver.span(
      (span) => span.name === 'execute_tool fetch_downstream_later' && span.traceId === creator.traceId,
    );
    const exchange = await receiver.span((span) => isExchange('tasks/result')(span) && span.traceId === waiter.traceId);
    expect(exchange.pid).not.toBe(tool.pid);
    expect(exchange.links).toContainEqual(expect.objectContaining({ traceId: creator.traceId, spanId: tool.spanId }));
  });
});

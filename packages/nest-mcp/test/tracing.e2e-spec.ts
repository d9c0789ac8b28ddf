import { randomBytes } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { balancedInstances } from './support/balanced-instances.js';
import { AppProcess, TRACED_FIXTURE_MAIN } from './support/fixture-app.js';
import { modernRpc } from './support/modern-rpc.js';
import { OtlpReceiver, SpanKindCode, type ReceivedSpan } from './support/otlp-receiver.js';

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

const isExchange = (name: string) => (span: ReceivedSpan) =>
  span.scope === 'nest-mcp' && span.kind === SpanKindCode.server && span.name === name;

describe('traces: one exchange, its tool and what the tool calls', () => {
  const receiver = new OtlpReceiver();
  let downstream: Server;
  const downstreamHeaders: IncomingHttpHeaders[] = [];
  let app: AppProcess;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    downstream = createServer((req, res) => {
      downstreamHeaders.push(req.headers);
      res.end('pong');
    });
    await new Promise<void>((resolve) => downstream.listen(0, '127.0.0.1', resolve));
    const downstreamUrl = `http://127.0.0.1:${(downstream.address() as AddressInfo).port}/ping`;
    app = await AppProcess.start({ ...otelEnv(endpoint), FIXTURE_DOWNSTREAM_URL: downstreamUrl }, TRACED_FIXTURE_MAIN);
    await app.ready();
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await new Promise((resolve) => downstream?.close(resolve));
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
    expect(downstreamHeaders.at(-1)?.traceparent).toContain(`00-${client.traceId}-${call.spanId}`);
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
  beforeAll(async () => {
    endpoint = await receiver.start();
  });
  afterAll(() => receiver.stop());
  const cluster = balancedInstances(
    {
      ...otelEnv(''),
      // Read when the instances start, after the receiver has.
      get OTEL_EXPORTER_OTLP_ENDPOINT() {
        return endpoint;
      },
    },
    TRACED_FIXTURE_MAIN,
  );

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
});

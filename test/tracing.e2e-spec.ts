import { randomBytes } from 'node:crypto';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AppProcess } from 'nest-mcp/testing';
import { modernRpc } from '../packages/nest-mcp/test/support/modern-rpc.js';
import { OtlpReceiver, SpanKindCode } from '../packages/nest-mcp/test/support/otlp-receiver.js';

/** The built example app (dist/main.js, the bundle) with the OpenTelemetry switches of src/tracing.ts. */
describe("the example app's tracing (src/tracing.ts)", () => {
  const receiver = new OtlpReceiver();
  let endpoint: string;
  let app: AppProcess | undefined;

  beforeEach(async () => {
    endpoint = await receiver.start();
  });
  afterEach(async () => {
    await app?.stop();
    app = undefined;
    await receiver.stop();
    receiver.spans.length = 0;
  });

  const start = async (env: Record<string, string>) => {
    app = await AppProcess.start({ LOG_LEVEL: 'warn', OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json', ...env });
    await app.ready();
    return app;
  };
  const search = (url: URL, traceparent: string) =>
    modernRpc(url, 'tools/call', { name: 'searchNotes', arguments: { query: 'x' } }, { meta: { traceparent } });

  it("exports an exchange and its tool span as the app's service, and flushes them on SIGTERM after the drain", async () => {
    // Batches every minute: only the shutdown's flush can deliver them in time.
    const { url } = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '60000' });
    const traceId = randomBytes(16).toString('hex');
    const reply = await search(url, `00-${traceId}-${randomBytes(8).toString('hex')}-01`);
    expect(reply.error).toBeUndefined();
    expect(receiver.spans).toEqual([]);
    expect(await app!.stop()).toBe(0);

    const exchange = receiver.spans.find((span) => span.name === 'tools/call searchNotes');
    expect(exchange).toMatchObject({ traceId, kind: SpanKindCode.server, service: 'nest-mcp-notes' });
    expect(receiver.spans).toContainEqual(
      expect.objectContaining({ name: 'execute_tool searchNotes', parentSpanId: exchange!.spanId }),
    );
    expect(receiver.rejected).toEqual([]);
  });

  it('names the service after OTEL_SERVICE_NAME, and turns on for OTEL_EXPORTER_OTLP_TRACES_ENDPOINT alone', async () => {
    const { url } = await start({
      OTEL_EXPORTER_OTLP_TRACES_ENDPOINT: `${endpoint}/v1/traces`,
      OTEL_SERVICE_NAME: 'notes-eu',
      OTEL_BSP_SCHEDULE_DELAY: '50',
    });
    await search(url, `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`);
    expect((await receiver.span((span) => span.name === 'tools/call searchNotes')).service).toBe('notes-eu');
  });

  it.each([
    ['OTEL_SDK_DISABLED=true', { OTEL_SDK_DISABLED: 'true' }],
    ['OTEL_TRACES_EXPORTER=none', { OTEL_TRACES_EXPORTER: 'none' }],
  ])('exports nothing and serves as usual with %s', async (_name, off) => {
    const { url } = await start({ OTEL_EXPORTER_OTLP_ENDPOINT: endpoint, OTEL_BSP_SCHEDULE_DELAY: '50', ...off });
    const reply = await search(url, `00-${randomBytes(16).toString('hex')}-${randomBytes(8).toString('hex')}-01`);
    expect(reply.result).toMatchObject({ structuredContent: expect.anything() });
    expect(await app!.stop()).toBe(0);
    expect(receiver.spans).toEqual([]);
    expect(receiver.rejected).toEqual([]);
  });
});

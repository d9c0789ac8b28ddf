import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { McpMetrics } from '../src/index.js';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { featureModule } from './fixtures/feature.module.js';
import { AppProcess, TRACED_FIXTURE_MAIN } from './support/fixture-app.js';
import { modernRpc } from './support/modern-rpc.js';
import { OtlpReceiver, SpanKindCode } from './support/otlp-receiver.js';

/** What Prometheus sends when it wants exemplars (its default `scrape_protocols`). */
const PROMETHEUS_ACCEPT =
  'application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,application/openmetrics-text;version=0.0.1;q=0.4,text/plain;version=1.0.0;escaping=allow-utf-8;q=0.3,text/plain;version=0.0.4;q=0.2,*/*;q=0.1';

async function scrape(app: URL, accept?: string): Promise<{ type: string; text: string }> {
  const response = await fetch(new URL('/metrics', app), { headers: accept ? { accept } : {} });
  expect(response.status).toBe(200);
  return { type: response.headers.get('content-type') ?? '', text: await response.text() };
}

/** The `# HELP` and `# TYPE` lines: what a scrape says each family is. */
const families = (text: string) =>
  text
    .split('\n')
    .filter((line) => line.startsWith('# '))
    .sort();

/** `name{labels} value # {exemplar labels} value timestamp` lines of a family, as [sample, exemplar labels]. */
function exemplarsOf(text: string, family: string): Array<{ sample: string; labels: Record<string, string> }> {
  return text
    .split('\n')
    .filter((line) => line.startsWith(`${family}_bucket{`) && line.includes(' # {'))
    .map((line) => {
      const [sample, exemplar] = line.split(' # ');
      const labels = Object.fromEntries(
        [...exemplar!.matchAll(/(\w+)="([^"]*)"/g)].map(([, name, value]) => [name!, value!]),
      );
      return { sample: sample!, labels };
    });
}

describe('exemplars: histograms linked to traces', () => {
  const receiver = new OtlpReceiver();
  let app: AppProcess;

  beforeAll(async () => {
    const endpoint = await receiver.start();
    app = await AppProcess.start(
      {
        OTEL_EXPORTER_OTLP_ENDPOINT: endpoint,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_BSP_SCHEDULE_DELAY: '50',
        OTEL_SERVICE_NAME: 'traced-fixture',
      },
      TRACED_FIXTURE_MAIN,
    );
    await app.ready();
  }, 30_000);

  afterAll(async () => {
    await app?.stop();
    await receiver.stop();
  });

  it("gives an OpenMetrics scrape exemplars carrying the exchange's and the tool's span", async () => {
    const traceId = randomBytes(16).toString('hex');
    const traceparent = `00-${traceId}-${randomBytes(8).toString('hex')}-01`;
    const reply = await modernRpc(
      app.url,
      'tools/call',
      { name: 'searchNotes', arguments: { query: 'milk' } },
      {
        meta: { traceparent },
      },
    );
    expect(reply.result).toBeDefined();
    const exchange = await receiver.span(
      (span) => span.scope === 'nest-mcp' && span.kind === SpanKindCode.server && span.traceId === traceId,
    );
    const tool = await receiver.span((span) => span.parentSpanId === exchange.spanId);

    const { type, text } = await scrape(app.url, PROMETHEUS_ACCEPT);
    expect(type).toMatch(/^application\/openmetrics-text; version=1\.0\.0/);
    expect(text.endsWith('# EOF\n')).toBe(true);
    const ofRequest = exemplarsOf(text, 'mcp_request_duration_seconds').filter((e) => e.labels.trace_id === traceId);
    expect(ofRequest).toEqual([
      {
        sample: expect.stringContaining('method="tools/call"'),
        labels: { trace_id: traceId, span_id: exchange.spanId },
      },
    ]);
    const ofTool = exemplarsOf(text, 'mcp_tool_duration_seconds').filter((e) => e.labels.trace_id === traceId);
    expect(ofTool).toEqual([
      { sample: expect.stringContaining('tool="searchNotes"'), labels: { trace_id: traceId, span_id: tool.spanId } },
    ]);
    // OpenMetrics names a counter's family without `_total`, its samples with it.
    expect(text).toMatch(/^# TYPE mcp_requests counter$/m);
    expect(text).toMatch(/^mcp_requests_total\{method="tools\/call",/m);
  });

  it('keeps the Prometheus text scrape exactly as it was, before and after an OpenMetrics one', async () => {
    await modernRpc(app.url, 'tools/list', {});
    const before = await scrape(app.url);
    await scrape(app.url, PROMETHEUS_ACCEPT);
    const after = await scrape(app.url, 'text/plain;version=0.0.4');
    for (const { type, text } of [before, after]) {
      expect(type).toMatch(/^text\/plain; version=0\.0\.4/);
      expect(text).toMatch(/^# TYPE mcp_requests_total counter$/m);
      expect(text).toMatch(/^mcp_requests_total\{method="tools\/list",/m);
      expect(text).not.toContain(' # {');
      expect(text).not.toContain('# EOF');
    }
    expect(families(after.text)).toEqual(families(before.text));
  });
});

describe('exemplars with tracing off', () => {
  let running: RunningMcpApp;
  beforeAll(async () => {
    running = await startMcpApp(featureModule(), { logger: false });
  });
  afterAll(() => running.close());

  it('keeps no exemplar, and the histograms keep no exemplar storage', async () => {
    const reply = await modernRpc(running.url, 'tools/call', { name: 'echo', arguments: { text: 'a', count: 1 } });
    expect(reply.result).toBeDefined();
    await expect
      .poll(async () => (await scrape(running.url, PROMETHEUS_ACCEPT)).text)
      .toMatch(/^mcp_request_duration_seconds_count\{method="tools\/call",era="2026-07-28"\} 1$/m);
    const { type, text } = await scrape(running.url, PROMETHEUS_ACCEPT);
    expect(type).toMatch(/^application\/openmetrics-text/);
    expect(text).toMatch(/^mcp_tool_duration_seconds_count\{tool="echo"\} 1$/m);
    expect(text).not.toContain(' # {');
    // prom-client keeps a slot per bucket for exemplars only in histograms built with `enableExemplars`.
    const metrics = running.app.get(McpMetrics);
    const storage = [metrics.requestDuration, metrics.toolDuration].map(
      (histogram) => (histogram as unknown as { enableExemplars: boolean }).enableExemplars,
    );
    expect(storage).toEqual([false, false]);
  });
});

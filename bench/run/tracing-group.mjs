// Tracing (issue 17): CPU per 2026-07-28 tools/call of our pipeline with tracing off (no OpenTelemetry SDK:
// the API's no-op path, as every other group runs) and on (the example app's src/tracing.ts: the Node SDK,
// batch span processor, OTLP/HTTP to a local sink that discards, http + undici instrumentations), their runs
// alternating in one scenario. Target: on costs at most `ON_BOUND` times off.
import { createServer } from 'node:http';
import { SIMPLE_TOOL } from '../shared/tools.mjs';
import { modernCall } from '../support/wire.mjs';
import { log, results } from './record.mjs';
import { entry, scenario, startAll, stopAll } from './scenario.mjs';
import { S } from './settings.mjs';

/** How much more CPU per request tracing on may cost. */
const ON_BOUND = 1.5;

export async function tracingGroup() {
  const sink = await startSink();
  let servers = [];
  try {
    servers = await startAll([
      ['pipeline', 0, { name: 'pipeline-tracing-off', variant: 'tracing off' }],
      [
        'pipeline',
        0,
        {
          name: 'pipeline-tracing-on',
          variant: 'tracing on',
          env: { OTEL_EXPORTER_OTLP_ENDPOINT: sink.url, OTEL_SERVICE_NAME: 'bench' },
        },
      ],
    ]);
    const call = modernCall(SIMPLE_TOOL.name);
    await scenario(
      'modern-call-tracing',
      '2026-07-28 tools/call, tracing off and on',
      servers.map((server) => entry(server, call)),
      Math.min(S.rounds, 2),
    );
    const [off, on] = ['tracing off', 'tracing on'].map((variant) =>
      results.throughput.find((row) => row.scenario === 'modern-call-tracing' && row.variant === variant),
    );
    const row = {
      offCpuUs: off.cpuUs,
      onCpuUs: on.cpuUs,
      ratio: on.cpuUs / off.cpuUs,
      bound: ON_BOUND,
      exports: sink.exports(),
    };
    row.pass = row.ratio <= ON_BOUND && row.exports > 0;
    results.tracing.push(row);
    log(
      `tracing on/off: ${row.onCpuUs.toFixed(0)} / ${row.offCpuUs.toFixed(0)} µs CPU per tools/call = ` +
        `${row.ratio.toFixed(2)}x (target <= ${ON_BOUND}x: ${row.pass ? 'PASS' : 'MISS'}; ${row.exports} exports received)`,
    );
  } finally {
    await stopAll(servers);
    await sink.stop();
  }
}

/** An OTLP/HTTP collector that reads and discards what it gets (counting the exports). */
async function startSink() {
  let exports = 0;
  const server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      exports++;
      res.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    exports: () => exports,
    stop: () => new Promise((resolve) => server.close(resolve)),
  };
}

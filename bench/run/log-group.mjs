// What one logged exchange costs (LOG_LEVEL=info, JSON lines to the server's log file), our logger
// against pino: ours (`McpJsonLogger`, as `runMcpApp` ships it), nestjs-pino as its README sets it up,
// and pino alone behind a minimal LoggerService (bench/app/main-pino.ts), beside ours at
// LOG_LEVEL=warn (no line per exchange: the floor). CPU per request, all threads, from /proc.
import { SIMPLE_TOOL } from '../shared/tools.mjs';
import { modernCall } from '../support/wire.mjs';
import { log, results } from './record.mjs';
import { entry, scenario, startAll, stopAll } from './scenario.mjs';

const PINO_APP = 'bench/dist/bench/app/main-pino.js';

export async function logGroup() {
  const servers = await startAll([
    ['pipeline', 0, { name: 'log-ours', variant: 'McpJsonLogger' }],
    [
      'pipeline',
      0,
      { name: 'log-nestjs-pino', variant: 'nestjs-pino', script: PINO_APP, env: { BENCH_LOGGER: 'nestjs-pino' } },
    ],
    ['pipeline', 0, { name: 'log-pino', variant: 'pino alone', script: PINO_APP, env: { BENCH_LOGGER: 'pino' } }],
    ['pipeline', 0, { name: 'log-none', variant: 'LOG_LEVEL=warn', env: { LOG_LEVEL: 'warn' } }],
  ]);
  try {
    const call = modernCall(SIMPLE_TOOL.name);
    await scenario(
      'log-call',
      '2026-07-28 tools/call, one JSON line each',
      servers.map((server) => entry(server, call)),
    );
  } finally {
    await stopAll(servers);
  }
  const cpuOf = (id) => results.throughput.find((row) => row.scenario === 'log-call' && row.server === id).cpuUs;
  const floor = cpuOf('log-none');
  const costs = Object.fromEntries(
    ['log-ours', 'log-nestjs-pino', 'log-pino'].map((id) => [id, { cpuUs: cpuOf(id), perLineUs: cpuOf(id) - floor }]),
  );
  results.logCost = { floorCpuUs: floor, ...costs };
  for (const [id, { cpuUs, perLineUs }] of Object.entries(costs)) {
    log(`log cost · ${id}: ${cpuUs.toFixed(0)} µs CPU/req, ${perLineUs.toFixed(1)} µs over LOG_LEVEL=warn`);
  }
}

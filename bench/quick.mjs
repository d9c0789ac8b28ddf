// Quick A/B while optimising: two or more servers, one scenario, alternating runs.
//   npm run bench:build && node bench/quick.mjs [modern|legacy] [kinds=sdk,pipeline] [rounds=3]
//   A kind may carry env overrides for ours: pipeline:LOG_LEVEL=warn:MCP_SESSION_PARK_MS=0
//   and another build of its script: pipeline@bench/results/a.bundle.mjs (a kept copy of the bundle that
//   bench/support/bundle.mjs writes, to A/B two builds)
import { drain, load, summarize } from './support/load.mjs';
import { startSpecs } from './support/spec.mjs';

const [era = 'modern', kinds = 'sdk,pipeline', rounds = '3'] = process.argv.slice(2);
const servers = (await startSpecs(kinds, era)).map((started) => ({ ...started, runs: [] }));
for (let round = 0; round < Number(rounds); round++) {
  for (const s of servers) {
    const options = { connections: 10, extraHeaders: s.server.authHeaders };
    await load(s.server.url, s.request, { ...options, duration: 1 });
    await drain(s.server.url, s.request, options);
    s.runs.push(await load(s.server.url, s.request, { ...options, duration: 3 }));
    await drain(s.server.url, s.request, options);
  }
}
const base = summarize(servers[0].runs);
for (const s of servers) {
  const r = summarize(s.runs);
  console.log(
    `${s.spec.padEnd(26)} ${r.rps.toFixed(0).padStart(6)} req/s  p50 ${r.p50.toFixed(2)}  p99 ${r.p99.toFixed(2)}  ×${(r.rps / base.rps).toFixed(2)}  p99×${(r.p99 / base.p99).toFixed(2)}  non2xx ${r.non2xx ?? 0}`,
  );
  await s.server.stop();
}

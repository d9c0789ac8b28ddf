// npm run bench: our app (whole pipeline on, and with auth + throttling off)
// against the bare official SDK v2 and MCP-Nest 2.0.5, each server its own
// child process, load from autocannon on loopback. Runs of the servers of a
// scenario alternate (rotating A B C D, B C D A, ...), each after its own
// warm-up. Prints a table and the targets (PASS/MISS), writes
// bench/results/bench-<time>.json and bench/results/latest.json. Always exits 0
// unless the harness itself breaks: it is a report.
//
// Settings (env): BENCH_DURATION (s per measured run, 3), BENCH_WARMUP (s, 1),
// BENCH_FIRST_WARMUP (s, 5: the warm-up before a server's first run of a scenario),
// BENCH_ROUNDS (3), BENCH_CONNECTIONS (10), BENCH_SESSIONS (5000),
// BENCH_COLD_RUNS (5), BENCH_BIG (1000), BENCH_STREAMS (1500: GET streams, and sessions with a large
// initialize, held per server in the memory scenarios), BENCH_LISTENS (900). `--quick` shrinks
// everything (smoke test). The pieces live in bench/run/: settings, the scenario machinery, the
// groups, memory per thing held, and what the results say about the machine.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { printReport } from './support/report.mjs';
import { RESULTS, ROOT } from './support/servers.mjs';
import { coldStarts } from './run/cold-starts.mjs';
import { heldGroup, sessionGroup } from './run/memory-groups.mjs';
import { busyPercent } from './run/meta.mjs';
import { preflight } from './run/preflight.mjs';
import { results } from './run/record.mjs';
import { logGroup } from './run/log-group.mjs';
import { taskGroup } from './run/task-group.mjs';
import { tracingGroup } from './run/tracing-group.mjs';
import { bigGroup, midGroup, oneToolGroup } from './run/throughput-groups.mjs';

const started = performance.now();

await preflight();
// BENCH_GROUPS=sessionGroup,bigGroup runs only those (a partial report: targets of the others read n/a).
const only = process.env.BENCH_GROUPS?.split(',');
const allGroups = [
  coldStarts,
  oneToolGroup,
  sessionGroup,
  heldGroup,
  midGroup,
  bigGroup,
  taskGroup,
  logGroup,
  tracingGroup,
];
for (const group of allGroups.filter(({ name }) => !only || only.includes(name))) {
  results.meta.otherLoad.push({ before: group.name, busyPercent: await busyPercent() });
  const t0 = performance.now();
  await group();
  results.meta.groupSeconds[group.name] = Math.round((performance.now() - t0) / 1000);
}
results.meta.wallSeconds = Math.round((performance.now() - started) / 1000);
const report = printReport(results);
results.targets = report.targets;
mkdirSync(RESULTS, { recursive: true });
const file = join(RESULTS, `bench-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
writeFileSync(file, JSON.stringify(results, null, 2));
writeFileSync(join(RESULTS, 'latest.json'), JSON.stringify(results, null, 2));
const groups = Object.entries(results.meta.groupSeconds).map(([name, seconds]) => `${name} ${seconds} s`);
console.log(`\nresults: ${file.replace(ROOT, '')} (wall time ${results.meta.wallSeconds} s: ${groups.join(', ')})`);
process.exit(0);

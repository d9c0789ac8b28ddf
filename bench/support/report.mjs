// The printed report: throughput table, sessions, memory held, cold start, targets.
import { shown } from './task-targets.mjs';
import { evaluateTargets } from './targets.mjs';

const int = (n) => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : 'n/a');
const ms = (n) => (Number.isFinite(n) ? n.toFixed(2) : 'n/a');
const times = (n) => (Number.isFinite(n) ? `${n.toFixed(2)}×` : '');

function table(headers, rows, alignLeft = 2) {
  const widths = headers.map((header, i) => Math.max(header.length, ...rows.map((row) => String(row[i]).length)));
  const line = (cells) =>
    cells
      .map((cell, i) => (i < alignLeft ? String(cell).padEnd(widths[i]) : String(cell).padStart(widths[i])))
      .join('  ');
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

export function printReport(results) {
  const rows = results.throughput;
  const find = (scenario, kind, variant) =>
    rows.find((row) => row.scenario === scenario && row.kind === kind && row.variant === variant);
  const ratio = (row, other) => (other && other !== row ? row.rps / other.rps : NaN);
  /** The same server kind with one tool for the 100/1000-tool scenarios: beside it in the scenario, else its own. */
  const oneTool = (row) => {
    const [era, op, count] = row.scenario.split('-');
    if (count === '1' || !/^\d+$/.test(count) || row.variant === '1 tool') return undefined;
    return find(row.scenario, row.kind, '1 tool') ?? find(`${era}-${op}-1`, row.kind, undefined);
  };

  const { meta, settings } = results;
  console.log('\n=== MCP benchmark ===');
  console.log(
    `${meta.date} · node ${meta.node} · ${meta.cpus} · commit ${meta.commit}` +
      `${meta.srcDirty ? ` + ${meta.srcDirty} uncommitted change(s) under packages/nest-mcp/src/` : ''}`,
  );
  console.log(
    `SDK server ${meta.versions.sdkServer}, node ${meta.versions.sdkNode}; Nest ${meta.versions.nest}; ` +
      `MCP-Nest ${meta.versions.mcpNest}; autocannon ${meta.versions.autocannon}; ` +
      `${settings.connections} connections, ${settings.rounds} × ${settings.duration} s per server (after ${settings.warmup} s warm-up each` +
      `${settings.firstWarmup ? `, ${settings.firstWarmup} s before a server's first run of a scenario` : ''})`,
  );

  const busy = (meta.otherLoad ?? []).filter((sample) => sample.busyPercent !== undefined);
  if (busy.length) {
    const worst = Math.max(...busy.map((sample) => sample.busyPercent));
    console.log(
      `machine busy while the harness idled (other load): ${busy.map((sample) => `${sample.busyPercent}%`).join(', ')}` +
        (worst > 10 ? '  !! other processes were using the CPU: results are noisy' : ''),
    );
  }

  console.log('\n-- throughput (req/s of 2xx answers; latency percentiles over all measured runs) --');
  const body = [];
  let previous;
  for (const row of rows.filter((r) => r.scenario !== 'legacy-init')) {
    const sdk = find(row.scenario, 'sdk');
    const nest = find(row.scenario, 'nest');
    const flag = row.non2xx || row.errors ? ' !' : '';
    body.push([
      row.title === previous ? '' : row.title,
      row.label + flag,
      int(row.rps),
      ms(row.p50),
      ms(row.p99),
      row.rssMB.toFixed(0),
      times(ratio(row, sdk)),
      times(ratio(row, nest)),
      times(ratio(row, oneTool(row))),
      `${(row.bytesPerResponse / 1024).toFixed(1)}`,
    ]);
    previous = row.title;
  }
  console.log(
    table(['scenario', 'server', 'req/s', 'p50 ms', 'p99 ms', 'RSS MB', '×SDK', '×Nest', '×1 tool', 'KB/resp'], body),
  );
  const flagged = rows.filter((row) => row.non2xx || row.errors);
  for (const row of flagged) {
    console.log(`! ${row.title} · ${row.label}: ${row.non2xx} non-2xx, ${row.errors} errors/timeouts`);
  }

  console.log('\n-- 2025-era sessions --');
  const sessionRows = results.sessions.map((session) => {
    const init = session.variant ? undefined : find('legacy-init', session.kind);
    return [
      session.label,
      int(init?.rps),
      ms(init?.p50),
      ms(init?.p99),
      times(ratio(init ?? {}, find('legacy-init', 'sdk'))),
      times(ratio(init ?? {}, find('legacy-init', 'nest'))),
      session.rssKBPerSession.toFixed(1),
      session.heapKBPerSession.toFixed(1),
      session.rssMBAfter.toFixed(0),
    ];
  });
  console.log(
    table(
      ['server', 'initialize/s', 'p50 ms', 'p99 ms', '×SDK', '×Nest', 'KB/idle session (RSS)', 'KB (heap)', 'RSS MB'],
      sessionRows,
      1,
    ),
  );
  console.log(
    `(memory: growth over ${settings.sessions} sessions opened after a warm-up of ${settings.warmSessions}, ` +
      `each initialize + notifications/initialized; both points idle: ${settings.idleMs / 1000} s after the last ` +
      `request (ours parks sessions idle for 10 s), full GCs, ${settings.settleMs / 1000} s, full GCs; ` +
      `RSS less V8's young generation, sized by the allocation rate)`,
  );

  printHeldMemory(results);
  printTasks(results);

  console.log('\n-- cold start: process start to first served 2026-07-28 tools/call --');
  console.log(
    table(
      ['server', 'median ms', 'runs (ms)'],
      results.coldStart.map((cold) => [cold.label, int(cold.ms), cold.runs.map((t) => t.toFixed(0)).join(', ')]),
      1,
    ),
  );

  const targets = evaluateTargets(results, find);
  console.log('\n-- targets --');
  for (const target of targets) {
    console.log(
      `${target.status.padEnd(4)}  ${target.name}: ${target.measured}${target.note ? `  (${target.note})` : ''}`,
    );
  }
  return { targets };
}

/** What a client can make a server hold: one column per scenario, RSS / heap growth per thing held. */
const HELD = [
  ['large-initialize', 'KB/idle session, large initialize'],
  ['get-stream', 'KB/open GET stream (+ its session)'],
  ['listen-stream', 'KB/open listen stream'],
];

function printHeldMemory(results) {
  const rows = (results.memory ?? []).filter((row) => HELD.some(([scenario]) => scenario === row.scenario));
  if (!rows.length) return;
  const { settings } = results;
  console.log('\n-- memory held per session / stream (RSS / heap growth, KB each) --');
  const labels = [...new Set(rows.map((row) => row.label))];
  const cell = (label, scenario) => {
    const row = rows.find((r) => r.label === label && r.scenario === scenario);
    if (!row) return '';
    return `${row.rssKB.toFixed(1)} / ${row.heapKB.toFixed(1)}${row.lost ? ` (${row.lost} lost!)` : ''}`;
  };
  console.log(
    table(
      ['server', ...HELD.map(([, title]) => title)],
      labels.map((label) => [label, ...HELD.map(([scenario]) => cell(label, scenario))]),
      1,
    ),
  );
  console.log(
    `(each on fresh servers, measured as idle sessions above, RSS less V8's young generation: ${settings.streams} ` +
      `sessions opened with a ${settings.initializePadding / 1024} KB-padded initialize (half in params._meta, half in ` +
      `clientInfo.description; ours never parked keeps sessions whole); ${settings.streams} 2025 sessions each with ` +
      `its GET stream open; ${settings.listens} 2026-07-28 subscriptions/listen streams (the SDK's handler holds ` +
      `1,024 at most by default); warm-up ${settings.warmStreams} of each)`,
  );
}

/** Tasks: what a stored task takes (heap, Redis) and the Redis commands a request costs. */
function printTasks(results) {
  const rows = results.tasks ?? [];
  if (!rows.length) return;
  console.log('\n-- tasks: memory per stored task (settled, 1 KiB result), bytes each --');
  console.log(
    table(
      ['store', 'heap', 'RSS', 'Redis used_memory', 'created/s'],
      rows.map((row) => [
        row.store,
        int(row.heapBytes),
        int(row.rssBytes),
        row.redisBytes === undefined ? '' : int(row.redisBytes),
        int(row.createdPerSecond),
      ]),
      1,
    ),
  );
  const { settings } = results;
  console.log(
    `(ours, pipeline on, fresh servers: growth over ${settings.storedTasks} tasks created after ${settings.warmTasks}, ` +
      `each a 2026-07-28 tools/call of the task tool, settled at once; both points idle: full GCs, ` +
      `${settings.settleMs / 1000} s, full GCs; RSS less V8's young generation; on Redis the heap is the instance's own)`,
  );
  for (const row of results.taskRedisCommands ?? []) {
    console.log(`Redis commands per ${row.request}: ${shown(row)}`);
  }
}

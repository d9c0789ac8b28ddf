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
// BENCH_COLD_RUNS (5), BENCH_BIG (1000). `--quick` shrinks everything (smoke test).
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { SIMPLE_TOOL } from './shared/tools.mjs';
import { drain, load, median, summarize } from './support/load.mjs';
import { BUNDLE, bundleBenchApp } from './support/bundle.mjs';
import { printReport } from './support/report.mjs';
import { KINDS, RESULTS, ROOT, spawnServer } from './support/servers.mjs';
import {
  initializedNotification,
  legacyCall,
  legacyInitialize,
  modernCall,
  modernList,
  send,
} from './support/wire.mjs';

const quick = process.argv.includes('--quick');
const setting = (name, normal, small) => Number(process.env[name] ?? (quick ? small : normal));
const S = {
  duration: setting('BENCH_DURATION', 3, 1),
  warmup: setting('BENCH_WARMUP', 1, 1),
  // A server's first run of a scenario would otherwise measure V8 still compiling that path (more
  // so the more code a server runs per request); steady state is what is compared here, cold start
  // has its own measurement.
  firstWarmup: setting('BENCH_FIRST_WARMUP', 5, 1),
  rounds: setting('BENCH_ROUNDS', 3, 1),
  connections: setting('BENCH_CONNECTIONS', 10, 10),
  sessions: setting('BENCH_SESSIONS', 5000, 500),
  coldRuns: setting('BENCH_COLD_RUNS', 5, 1),
  big: setting('BENCH_BIG', 1000, 1000),
  mid: 100,
  warmSessions: quick ? 100 : 500,
  settleMs: quick ? 500 : 2000,
  // Ours parks a session idle for MCP_SESSION_PARK_MS (10 s), checked every 5 s: idle means past both.
  idleMs: quick ? 16_000 : 16_000,
};

const results = { meta: meta(), settings: S, throughput: [], sessions: [], coldStart: [], boots: [] };
const started = performance.now();
const log = (line) => console.log(`· ${line}`);

await preflight();
// BENCH_GROUPS=sessionGroup,bigGroup runs only those (a partial report: targets of the others read n/a).
const only = process.env.BENCH_GROUPS?.split(',');
const allGroups = [coldStarts, oneToolGroup, sessionGroup, midGroup, bigGroup];
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

// --- groups ------------------------------------------------------------------

/**
 * Process start to first served 2026-07-28 tools/call, fresh process each
 * time. Ours as `npm run build` ships it (one esbuild bundle), and the tsc
 * output the other runs use, for reference.
 */
async function coldStarts() {
  const subjects = [
    { kind: 'pipeline', variant: 'bundled', script: BUNDLE, runs: S.coldRuns },
    { kind: 'pipeline', variant: 'tsc output', runs: Math.min(3, S.coldRuns) },
    { kind: 'sdk', runs: Math.min(3, S.coldRuns) },
    { kind: 'nest', runs: Math.min(3, S.coldRuns) },
  ];
  for (const { kind, variant, script, runs } of subjects) {
    const label = KINDS[kind].label + (variant ? ` (${variant})` : '');
    const times = [];
    for (let i = 0; i < runs; i++) {
      const server = await spawnServer(kind, { probe: false, name: `cold-${kind}`, script, label });
      try {
        times.push(await server.ready(60_000, 2));
      } finally {
        await server.stop();
      }
    }
    const ms = median(times);
    results.coldStart.push({ kind, variant, label, ms, runs: times });
    log(`cold start ${label}: ${times.map((t) => t.toFixed(0)).join(', ')} ms`);
  }
}

/** One tool: both eras' tools/call, and tools/list. */
async function oneToolGroup() {
  const servers = await startAll([
    ['sdk', 0],
    ['nest', 0],
    ['pipeline', 0],
    ['plain', 0],
  ]);
  try {
    const call = modernCall(SIMPLE_TOOL.name);
    await scenario(
      'modern-call-1',
      '2026-07-28 tools/call, 1 tool',
      servers.map((server) => entry(server, call)),
    );

    const legacyEntries = [];
    for (const server of servers) {
      const sessionId = await openSession(server);
      legacyEntries.push(entry(server, legacyCall(SIMPLE_TOOL.name, sessionId)));
    }
    await scenario('legacy-call-1', '2025 tools/call (one session), 1 tool', legacyEntries);

    const list = modernList();
    // Auth and throttling cost the same whatever the method: the plain variant is left out from here on.
    await scenario(
      'modern-list-1',
      '2026-07-28 tools/list, 1 tool',
      servers.filter((server) => server.kindName !== 'plain').map((server) => entry(server, list, 1)),
      Math.min(S.rounds, 2),
    );
  } finally {
    await stopAll(servers);
  }
}

/** 2025-era sessions on fresh servers: memory per idle session, then initialize/s. */
async function sessionGroup() {
  const servers = await startAll([
    ['sdk', 0, { name: 'sdk-sessions' }],
    ['nest', 0, { name: 'nest-sessions' }],
    ['pipeline', 0, { name: 'pipeline-sessions' }],
    ['plain', 0, { name: 'plain-sessions' }],
    // The same as `pipeline`, with sessions kept whole until the TTL: what a live session holds.
    ['pipeline', 0, { name: 'pipeline-live-sessions', variant: 'never parked', env: { MCP_SESSION_PARK_MS: '0' } }],
  ]);
  try {
    await idleSessionMemory(servers);
    await scenario(
      'legacy-init',
      '2025 initialize (new session each)',
      servers
        .filter((server) => server.kindName !== 'plain' && !server.variant)
        .map((server) => entry(server, legacyInitialize(), 'initialize')),
      Math.min(S.rounds, 2),
    );
  } finally {
    await stopAll(servers);
  }
}

/**
 * 100 tools: how the bare SDK wiring's per-request registration degrades, beside ours (tools/list with all
 * 101 tools in one page, the same answer the SDK gives).
 */
async function midGroup() {
  const [sdk, pipeline, pipelineAll] = await startAll([
    ['sdk', S.mid],
    ['pipeline', S.mid],
    ['pipeline', S.mid, { env: { BENCH_PAGE_SIZE: '0' }, name: `pipeline-${S.mid}-onepage`, variant: 'one page' }],
  ]);
  try {
    const call = modernCall(SIMPLE_TOOL.name);
    await scenario(
      `modern-call-${S.mid}`,
      `2026-07-28 tools/call, ${S.mid} tools`,
      [entry(sdk, call), entry(pipeline, call)],
      Math.min(S.rounds, 2),
    );
    const list = modernList();
    await scenario(
      `modern-list-${S.mid}`,
      `2026-07-28 tools/list, ${S.mid} tools`,
      [entry(sdk, list, S.mid + 1), entry(pipelineAll, list, S.mid + 1)],
      Math.min(S.rounds, 2),
      Math.max(S.duration, 3),
    );
  } finally {
    await stopAll([sdk, pipeline, pipelineAll]);
  }
}

/**
 * 1,000 tools: tools/call and tools/list; ours with all tools in one page (same bytes) and as shipped
 * (100/page). Ours with one tool runs beside, so that 1,000 ÷ 1 compares runs taken at the same time.
 */
async function bigGroup() {
  const [sdk, nest, pipeline, pipelineAll, pipelineOne] = await startAll([
    ['sdk', S.big],
    ['nest', S.big],
    ['pipeline', S.big],
    ['pipeline', S.big, { env: { BENCH_PAGE_SIZE: '0' }, name: `pipeline-${S.big}-onepage`, variant: 'one page' }],
    ['pipeline', 0, { name: `pipeline-0-beside-${S.big}`, variant: '1 tool' }],
  ]);
  const servers = [sdk, nest, pipeline, pipelineAll, pipelineOne];
  try {
    const call = modernCall(SIMPLE_TOOL.name);
    await scenario(`modern-call-${S.big}`, `2026-07-28 tools/call, ${S.big} tools`, [
      entry(sdk, call),
      entry(nest, call),
      entry(pipeline, call),
      entry(pipelineOne, call),
    ]);
    const list = modernList();
    await scenario(
      `modern-list-${S.big}`,
      `2026-07-28 tools/list, ${S.big} tools`,
      [
        entry(sdk, list, S.big + 1),
        entry(nest, list, S.big + 1),
        entry(pipelineAll, list, S.big + 1),
        entry(pipeline, list, 100),
      ],
      Math.min(S.rounds, 2),
      Math.max(S.duration, 3),
    );
  } finally {
    await stopAll(servers);
  }
}

// --- scenario machinery ------------------------------------------------------

/** A server with the request to load it with and what a correct answer is. */
function entry(server, request, expect = 'call') {
  return { server, request, expect };
}

/**
 * Measures each entry `rounds` times, rotating the order every round
 * (A B C D, B C D A, ...); each measured run follows its own warm-up (a
 * longer one in the first round), and every run is drained before the next
 * one starts.
 */
async function scenario(key, title, entries, rounds = S.rounds, duration = S.duration) {
  for (const item of entries) await check(item);
  const runs = new Map(entries.map((item) => [item, []]));
  const rss = new Map(entries.map((item) => [item, 0]));
  for (let round = 0; round < rounds; round++) {
    const order = entries.map((_, i) => entries[(i + round) % entries.length]);
    for (const item of order) {
      const { url, authHeaders } = item.server;
      const options = { connections: S.connections, extraHeaders: authHeaders };
      await load(url, item.request, { ...options, duration: round === 0 ? S.firstWarmup : S.warmup });
      await drain(url, item.request, options);
      runs.get(item).push(await load(url, item.request, { ...options, duration }));
      rss.set(item, Math.max(rss.get(item), item.server.rss() ?? 0));
      await drain(url, item.request, options);
    }
  }
  for (const item of entries) {
    const summary = summarize(runs.get(item));
    results.throughput.push({
      scenario: key,
      title,
      server: item.server.id,
      kind: item.server.kindName,
      label: item.server.label + (item.server.variant ? ` (${item.server.variant})` : ''),
      variant: item.server.variant,
      tools: item.server.tools + 1,
      rssMB: rss.get(item) / 2 ** 20,
      ...summary,
    });
    const flag = summary.non2xx || summary.errors ? `  !! non-2xx ${summary.non2xx}, errors ${summary.errors}` : '';
    log(
      `${title} · ${item.server.id}: ${summary.rps.toFixed(0)} req/s (runs ${summary.runs.join(', ')}), p50 ${summary.p50.toFixed(2)} ms, p99 ${summary.p99.toFixed(2)} ms${flag}`,
    );
  }
}

/** One request by hand first: the load must be answered correctly, not just quickly. */
async function check({ server, request, expect }) {
  const response = await send(server.url, request, server.authHeaders);
  const result = response.message?.result;
  const fail = (why) => {
    throw new Error(`${server.id}: ${why}; status ${response.status}: ${response.text.slice(0, 400)}`);
  };
  if (response.status !== 200) fail('not 200');
  if (expect === 'call' && result?.content?.[0]?.text !== SIMPLE_TOOL.text) fail('wrong tools/call result');
  if (expect === 'initialize' && !response.headers['mcp-session-id']) fail('no session id');
  if (typeof expect === 'number' && result?.tools?.length !== expect) {
    fail(`tools/list returned ${result?.tools?.length} tools, expected ${expect}`);
  }
}

/** initialize + notifications/initialized; returns the session id. */
async function openSession(server) {
  const response = await send(server.url, legacyInitialize(), server.authHeaders);
  const sessionId = response.headers['mcp-session-id'];
  if (response.status !== 200 || !sessionId) {
    throw new Error(`${server.id}: initialize failed (${response.status}): ${response.text.slice(0, 300)}`);
  }
  const ack = await send(server.url, initializedNotification(sessionId), server.authHeaders);
  if (ack.status !== 202) throw new Error(`${server.id}: notifications/initialized answered ${ack.status}`);
  return sessionId;
}

async function openSessions(server, count, concurrency = 10) {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      await openSession(server);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
}

/**
 * RSS (and heap) growth over `S.sessions` idle sessions, after a warm-up
 * batch, on every server at once. Both points are taken idle: `S.idleMs`
 * after the last request (ours parks idle sessions), then full GCs, time for
 * V8 to hand freed pages back (RSS read right after a burst of allocation
 * overstates it), full GCs again.
 */
async function idleSessionMemory(servers) {
  for (const server of servers) await openSessions(server, S.warmSessions);
  const before = await idleMemories(servers);
  const seconds = [];
  for (const server of servers) {
    const t0 = performance.now();
    await openSessions(server, S.sessions);
    seconds.push((performance.now() - t0) / 1000);
  }
  const after = await idleMemories(servers);
  servers.forEach((server, index) => {
    const row = {
      server: server.id,
      kind: server.kindName,
      label: server.label + (server.variant ? ` (${server.variant})` : ''),
      variant: server.variant,
      sessions: S.sessions,
      rssKBPerSession: (after[index].rss - before[index].rss) / 1024 / S.sessions,
      heapKBPerSession: (after[index].heapUsed - before[index].heapUsed) / 1024 / S.sessions,
      rssMBAfter: after[index].rss / 2 ** 20,
      openPerSecondSerial10: S.sessions / seconds[index],
    };
    results.sessions.push(row);
    log(
      `idle sessions · ${server.id}: ${row.rssKBPerSession.toFixed(1)} KB RSS, ${row.heapKBPerSession.toFixed(1)} KB heap per session`,
    );
  });
}

async function idleMemories(servers) {
  await new Promise((resolve) => setTimeout(resolve, S.idleMs));
  return Promise.all(servers.map((server) => idleMemory(server)));
}

async function idleMemory(server) {
  await server.memory(true);
  await new Promise((resolve) => setTimeout(resolve, S.settleMs));
  return server.memory(true);
}

async function startAll(specs) {
  const servers = [];
  try {
    for (const [kind, tools, extra = {}] of specs) {
      const server = await spawnServer(kind, { tools, env: extra.env, name: extra.name });
      server.variant = extra.variant;
      servers.push(server);
      const ms = await server.ready();
      results.boots.push({ server: server.id, tools: tools + 1, ms });
      log(`${server.id} serving after ${ms.toFixed(0)} ms (${server.url})`);
    }
  } catch (error) {
    await stopAll(servers);
    throw error;
  }
  return servers;
}

async function stopAll(servers) {
  await Promise.all(servers.map((server) => server.stop()));
}

// --- setup -------------------------------------------------------------------

async function preflight() {
  if (!existsSync(join(ROOT, KINDS.pipeline.script))) {
    throw new Error('bench/dist is missing: run `npm run bench` (it builds first) or `npm run bench:build`');
  }
  await bundleBenchApp(ROOT);
  if (!existsSync(join(ROOT, 'bench/mcp-nest/node_modules/@rekog/mcp-nest'))) {
    log('installing MCP-Nest into bench/mcp-nest (npm ci, its own lockfile)');
    const npm = spawnSync('npm', ['ci', '--prefix', 'bench/mcp-nest', '--no-audit', '--no-fund'], {
      cwd: ROOT,
      stdio: 'inherit',
    });
    if (npm.status !== 0) throw new Error('npm ci --prefix bench/mcp-nest failed');
  }
  log(
    `settings: ${S.duration} s runs after ${S.warmup} s warm-up, ${S.rounds} rounds, ${S.connections} connections, ` +
      `${S.sessions} sessions${quick ? ' (--quick)' : ''}`,
  );
}

function meta() {
  const git = (...args) => {
    try {
      return execFileSync('git', args, { cwd: ROOT, encoding: 'utf8' }).trim();
    } catch {
      return undefined;
    }
  };
  const dirty = git('status', '--porcelain', '--', 'src');
  return {
    date: new Date().toISOString(),
    node: process.version,
    cpus: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'unknown'}`,
    commit: git('rev-parse', '--short', 'HEAD'),
    otherLoad: [],
    groupSeconds: {},
    srcDirty: dirty ? dirty.split('\n').length : 0,
    versions: {
      sdkServer: pkgVersion('node_modules/@modelcontextprotocol/server'),
      sdkNode: pkgVersion('node_modules/@modelcontextprotocol/node'),
      nest: pkgVersion('node_modules/@nestjs/core'),
      mcpNest: pkgVersion('bench/mcp-nest/node_modules/@rekog/mcp-nest'),
      autocannon: pkgVersion('node_modules/autocannon'),
    },
  };
}

/** CPU busy % of the whole machine over half a second while the harness is idle: other load that skews runs. */
async function busyPercent() {
  const sample = () => {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const idle = fields[3] + (fields[4] ?? 0);
    return { idle, total: fields.reduce((sum, value) => sum + value, 0) };
  };
  try {
    const a = sample();
    await new Promise((resolve) => setTimeout(resolve, 500));
    const b = sample();
    return Math.round(100 * (1 - (b.idle - a.idle) / Math.max(1, b.total - a.total)));
  } catch {
    return undefined;
  }
}

function pkgVersion(dir) {
  try {
    return JSON.parse(readFileSync(join(ROOT, dir, 'package.json'), 'utf8')).version;
  } catch {
    return undefined;
  }
}

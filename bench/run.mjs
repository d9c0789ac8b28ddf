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
// everything (smoke test).
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
  legacyGetStream,
  legacyInitialize,
  modernCall,
  modernList,
  modernListen,
  openStream,
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
  streams: setting('BENCH_STREAMS', 1500, 150),
  // The SDK's createMcpHandler holds at most 1,024 listen subscriptions by default (MCP-Nest does not change
  // it; past it a listen is answered with an error): the warm-up's and these stay under it.
  listens: setting('BENCH_LISTENS', 900, 150),
  // Bytes of padding in the large initialize: well under MCP_MAX_INITIALIZE_BYTES (64 KiB) with the rest of it.
  initializePadding: 48 * 1024,
  coldRuns: setting('BENCH_COLD_RUNS', 5, 1),
  big: setting('BENCH_BIG', 1000, 1000),
  mid: 100,
  warmSessions: quick ? 100 : 500,
  warmStreams: quick ? 20 : 100,
  settleMs: quick ? 500 : 2000,
  // Ours parks a session idle for MCP_SESSION_PARK_MS (10 s), checked every 5 s: idle means past both.
  idleMs: quick ? 16_000 : 16_000,
};

const results = { meta: meta(), settings: S, throughput: [], sessions: [], memory: [], coldStart: [], boots: [] };
const started = performance.now();
const log = (line) => console.log(`· ${line}`);

await preflight();
// BENCH_GROUPS=sessionGroup,bigGroup runs only those (a partial report: targets of the others read n/a).
const only = process.env.BENCH_GROUPS?.split(',');
const allGroups = [coldStarts, oneToolGroup, sessionGroup, heldGroup, midGroup, bigGroup];
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
    const open = (server, count) => openSessions(server, count);
    await heldMemory(
      servers.map((server) => ({ server, scenario: 'idle-session', open, warm: S.warmSessions, count: S.sessions })),
    );
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
 * What a client can make a server hold, each on fresh servers of its own: idle 2025 sessions opened with a
 * large `initialize`, open 2025 GET streams (each on a session of its own, opened for it), open 2026-07-28
 * `subscriptions/listen` streams (streams held open until the group ends).
 */
async function heldGroup() {
  const large = legacyInitialize(S.initializePadding);
  const openLarge = (server, count) => openSessions(server, count, large);
  const held = new Map();
  const hold = (openOne) => async (server, count) => {
    if (!held.has(server)) held.set(server, []);
    held.get(server).push(...(await repeat(count, () => openOne(server))));
  };
  // Measured with the streams open: one that closed since would make the figure read low.
  const lost = (server) => held.get(server)?.filter((stream) => !stream.open).length ?? 0;
  const plan = [
    ['large-initialize', openLarge, S.streams, ['sdk', 'nest', 'pipeline', 'pipeline-live']],
    ['get-stream', hold(openGetStream), S.streams, ['sdk', 'nest', 'pipeline']],
    ['listen-stream', hold(openListen), S.listens, ['sdk', 'nest', 'pipeline']],
  ];
  const servers = await startAll(
    plan.flatMap(([scenario, , , kinds]) =>
      kinds.map((kind) =>
        kind === 'pipeline-live'
          ? ['pipeline', 0, { name: `${kind}-${scenario}`, variant: 'never parked', env: { MCP_SESSION_PARK_MS: '0' } }]
          : [kind, 0, { name: `${kind}-${scenario}` }],
      ),
    ),
  );
  try {
    let next = 0;
    const subjects = plan.flatMap(([scenario, open, count, kinds]) =>
      kinds.map(() => ({ server: servers[next++], scenario, open, count, warm: S.warmStreams, lost })),
    );
    await heldMemory(subjects);
  } finally {
    for (const streams of held.values()) for (const stream of streams) stream.close();
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
async function openSession(server, initialize = legacyInitialize()) {
  const response = await send(server.url, initialize, server.authHeaders);
  const sessionId = response.headers['mcp-session-id'];
  if (response.status !== 200 || !sessionId) {
    throw new Error(`${server.id}: initialize failed (${response.status}): ${response.text.slice(0, 300)}`);
  }
  const ack = await send(server.url, initializedNotification(sessionId), server.authHeaders);
  if (ack.status !== 202) throw new Error(`${server.id}: notifications/initialized answered ${ack.status}`);
  return sessionId;
}

function openSessions(server, count, initialize) {
  return repeat(count, () => openSession(server, initialize));
}

/** A session of its own and its standalone GET stream, open. */
async function openGetStream(server) {
  const sessionId = await openSession(server);
  return expectStream(
    server,
    'GET stream',
    await openStream(server.url, legacyGetStream(sessionId), server.authHeaders),
  );
}

/** A 2026-07-28 `subscriptions/listen` stream, open and acknowledged. */
async function openListen(server) {
  const stream = await openStream(server.url, modernListen(), server.authHeaders, { firstEvent: true });
  if (!stream.first.includes('notifications/subscriptions/acknowledged')) stream.status = `${stream.status}, no ack`;
  return expectStream(server, 'listen', stream);
}

function expectStream(server, what, stream) {
  if (stream.status === 200 && stream.open && stream.contentType?.includes('text/event-stream')) return stream;
  stream.close();
  throw new Error(`${server.id}: ${what} not opened (${stream.status}): ${stream.first.slice(0, 300)}`);
}

/** Runs `task` `count` times, `concurrency` at a time; resolves with the results. */
async function repeat(count, task, concurrency = 10) {
  const done = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      done.push(await task());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

/**
 * Memory per thing held: every subject (a server, what it is to hold and how
 * many) is warmed up with `warm` of its things, then `count` more are opened
 * (one server after another), and the RSS (and heap) growth between the idle
 * points before and after is divided by `count`. Idle points are taken on
 * every server at once: `S.idleMs` after the last request (ours parks idle
 * sessions), then full GCs, time for V8 to hand freed pages back (RSS read
 * right after a burst of allocation overstates it), full GCs again. RSS is
 * read less V8's young generation, whose semi-spaces grow and shrink by up to
 * 32 MB with the allocation rate, holding nothing after a full GC (the raw
 * growth is kept as `rssRawKB`). `lost(server)`, when given, counts what the
 * server was to hold but no longer did at the second point (streams it closed).
 */
async function heldMemory(subjects) {
  const servers = subjects.map(({ server }) => server);
  for (const { server, open, warm } of subjects) await open(server, warm);
  const before = await idleMemories(servers);
  const seconds = [];
  for (const { server, open, count } of subjects) {
    const t0 = performance.now();
    await open(server, count);
    seconds.push((performance.now() - t0) / 1000);
  }
  const after = await idleMemories(servers);
  subjects.forEach(({ server, scenario, count, lost }, index) => {
    const grown = (field) => after[index][field] - before[index][field];
    const youngGeneration = (after[index].youngGeneration ?? 0) - (before[index].youngGeneration ?? 0);
    const row = {
      scenario,
      server: server.id,
      kind: server.kindName,
      label: server.label + (server.variant ? ` (${server.variant})` : ''),
      variant: server.variant,
      count,
      rssKB: (grown('rss') - youngGeneration) / 1024 / count,
      rssRawKB: grown('rss') / 1024 / count,
      heapKB: grown('heapUsed') / 1024 / count,
      rssMBAfter: after[index].rss / 2 ** 20,
      openPerSecond: count / seconds[index],
      lost: lost?.(server) ?? 0,
    };
    results.memory.push(row);
    if (scenario === 'idle-session') results.sessions.push(sessionRow(row));
    const flag = row.lost ? `  !! ${row.lost} closed before the measurement` : '';
    log(`${scenario} · ${server.id}: ${row.rssKB.toFixed(1)} KB RSS, ${row.heapKB.toFixed(1)} KB heap each${flag}`);
  });
}

/** The idle-session row as the report (and earlier results files) name its fields. */
function sessionRow({ server, kind, label, variant, count, rssKB, heapKB, rssMBAfter, openPerSecond }) {
  return {
    server,
    kind,
    label,
    variant,
    sessions: count,
    rssKBPerSession: rssKB,
    heapKBPerSession: heapKB,
    rssMBAfter,
    openPerSecondSerial10: openPerSecond,
  };
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

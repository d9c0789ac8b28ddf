// CPU profile of our app under load: `node --cpu-prof` on the benchmark server
// with the whole pipeline on (JWT auth, throttling, info logs), one process per
// era, loaded with 2026-07-28 tools/call and with 2025-era tools/call on one
// session. Prints, for the load window only (boot and warm-up cut away by
// timestamp): time by area, the top self-time functions overall and in our
// code (mapped back to src/**/*.ts lines), and our functions by inclusive time.
//   npm run bench:build && node bench/profile.mjs
//   [PROFILE_SECONDS=10] [PROFILE_ERAS=modern,legacy,boot] [PROFILE_KINDS=pipeline,plain,sdk,nest]
// Writes bench/results/profiles/<era>.cpuprofile and <era>.txt.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { SIMPLE_TOOL } from './shared/tools.mjs';
import { drain, load, summarize } from './support/load.mjs';
import { BUNDLE, bundleBenchApp } from './support/bundle.mjs';
import { KINDS, RESULTS, ROOT, spawnServer } from './support/servers.mjs';
import { toolCallFor } from './support/wire.mjs';

const SECONDS = Number(process.env.PROFILE_SECONDS ?? 10);
/** Which servers to profile (default ours with the pipeline on); e.g. PROFILE_KINDS=pipeline,plain,sdk,nest. */
const KIND_NAMES = (process.env.PROFILE_KINDS ?? 'pipeline').split(',').filter(Boolean);
/** What to profile: PROFILE_ERAS=modern,legacy,boot (the default: all three). */
const ERAS = (process.env.PROFILE_ERAS ?? 'modern,legacy,boot').split(',').filter(Boolean);
const WARMUP = 3;
const CONNECTIONS = 10;
const DIR = join(RESULTS, 'profiles');
mkdirSync(DIR, { recursive: true });

async function main() {
  if (ERAS.includes('boot')) await bundleBenchApp(ROOT);
  for (const kind of KIND_NAMES) {
    for (const era of ERAS) {
      if (era === 'boot') await profileBoot(kind);
      else await profileOne(kind, era);
    }
  }
}

/** Process start to the first served 2026-07-28 tools/call (the cold start), whole window. */
async function profileBoot(kind) {
  const name = kind === 'pipeline' ? 'boot' : `${kind}-boot`;
  const ours = kind === 'pipeline' || kind === 'plain';
  const server = await spawnServer(kind, {
    name: `profile-${name}`,
    probe: false,
    nodeArgs: ['--cpu-prof', '--cpu-prof-dir', DIR, '--cpu-prof-name', `${name}.cpuprofile`],
    // Ours as `npm run build` ships it: one bundle (mapped back to sources below).
    ...(ours && { script: BUNDLE, label: `${KINDS[kind].label} (bundled)` }),
  });
  const ms = await server.ready(60_000, 2);
  await server.stop();
  const text = analyze(join(DIR, `${name}.cpuprofile`), 0, ms, 'boot', undefined, server.label);
  writeFileSync(join(DIR, `${name}.txt`), text);
  console.log(text);
}

async function profileOne(kind, era) {
  const name = kind === 'pipeline' ? era : `${kind}-${era}`;
  const server = await spawnServer(kind, {
    name: `profile-${name}`,
    probe: false,
    nodeArgs: ['--cpu-prof', '--cpu-prof-dir', DIR, '--cpu-prof-name', `${name}.cpuprofile`],
  });
  await server.ready();
  const request = await toolCallFor(server, era, SIMPLE_TOOL.name);
  const options = { connections: CONNECTIONS, extraHeaders: server.authHeaders };
  await load(server.url, request, { ...options, duration: WARMUP });
  await drain(server.url, request, options);
  const from = performance.now() - server.startedAt;
  const run = summarize([await load(server.url, request, { ...options, duration: SECONDS })]);
  const to = performance.now() - server.startedAt;
  await server.stop();
  const text = analyze(join(DIR, `${name}.cpuprofile`), from, to, era, run, server.label);
  writeFileSync(join(DIR, `${name}.txt`), text);
  console.log(text);
}

/** Samples between `fromMs` and `toMs` after spawn (the profile starts a few ms after spawn: kept conservatively). */
function analyze(file, fromMs, toMs, era, run, label) {
  const profile = JSON.parse(readFileSync(file, 'utf8'));
  for (const node of profile.nodes) node.callFrame = original(node.callFrame);
  const nodes = new Map(profile.nodes.map((node) => [node.id, node]));
  const parent = new Map();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);

  // Sample i lasts timeDeltas[i + 1]; its time since the profile started decides whether it is in the window.
  let clock = 0;
  const weights = new Map();
  let total = 0;
  let idle = 0;
  for (let i = 0; i < profile.samples.length; i++) {
    clock += profile.timeDeltas[i];
    const at = clock / 1000;
    if (at < fromMs || at > toMs) continue;
    const weight = profile.timeDeltas[i + 1] ?? 0;
    const node = nodes.get(profile.samples[i]);
    if (node.callFrame.functionName === '(idle)') {
      idle += weight;
      continue;
    }
    weights.set(node.id, (weights.get(node.id) ?? 0) + weight);
    total += weight;
  }

  const selfByFunction = new Map();
  const attributed = new Map();
  const inclusiveByFunction = new Map();
  const byArea = new Map();
  for (const [id, weight] of weights) {
    const frame = nodes.get(id).callFrame;
    const key = keyOf(frame);
    selfByFunction.set(key, (selfByFunction.get(key) ?? 0) + weight);
    // Charged to the nearest caller that is package or app code (not Node internals or V8 natives).
    let owner = id;
    while (owner !== undefined && !isUserland(nodes.get(owner).callFrame)) owner = parent.get(owner);
    const ownerKey = owner === undefined ? key : keyOf(nodes.get(owner).callFrame);
    attributed.set(ownerKey, (attributed.get(ownerKey) ?? 0) + weight);
    const area = areaOf(frame);
    byArea.set(area, (byArea.get(area) ?? 0) + weight);
    // Inclusive: every distinct function of our code on the stack gets the sample once.
    const seen = new Set();
    for (let at = id; at !== undefined; at = parent.get(at)) {
      const stackFrame = nodes.get(at).callFrame;
      if (!areaOf(stackFrame).startsWith('ours')) continue;
      const stackKey = keyOf(stackFrame);
      if (seen.has(stackKey)) continue;
      seen.add(stackKey);
      inclusiveByFunction.set(stackKey, (inclusiveByFunction.get(stackKey) ?? 0) + weight);
    }
  }

  const pct = (weight) => `${((100 * weight) / total).toFixed(1)}%`.padStart(6);
  const seconds = (toMs - fromMs) / 1000;
  const requests = run ? Math.max(1, run.rps * seconds) : 1;
  const perRequest = (weight) =>
    run ? `${(weight / 1000 / requests).toFixed(3)} ms/req` : `${(weight / 1000).toFixed(0)} ms`;
  const lines = [];
  const eraName = { modern: '2026-07-28 tools/call', legacy: '2025 tools/call (one session)', boot: 'cold start' }[era];
  lines.push(`\n=== CPU profile: ${label}, ${eraName} ===`);
  if (run) {
    lines.push(
      `${run.rps.toFixed(0)} req/s under the profiler (p50 ${run.p50.toFixed(2)} ms, p99 ${run.p99.toFixed(2)} ms); ` +
        `${(total / 1000).toFixed(0)} ms on CPU in the ${seconds.toFixed(1)} s window ` +
        `(${((100 * total) / (total + idle)).toFixed(0)}% busy): ${perRequest(total)} of main-thread CPU`,
    );
  } else {
    lines.push(
      `${toMs.toFixed(0)} ms from spawn to the first served request (under the profiler); ` +
        `${(total / 1000).toFixed(0)} ms of it on the main thread's CPU, ${(idle / 1000).toFixed(0)} ms idle`,
    );
  }
  lines.push('\n-- self time by area --');
  for (const [area, weight] of [...byArea].sort((a, b) => b[1] - a[1])) {
    lines.push(`${pct(weight)}  ${perRequest(weight)}  ${area}`);
  }
  lines.push('\n-- top self time, all code --');
  for (const [key, weight] of top(selfByFunction, 25)) lines.push(`${pct(weight)}  ${describe(key)}`);
  lines.push(
    '\n-- self time charged to the nearest app/package frame (Node internals and natives folded into their caller) --',
  );
  for (const [key, weight] of top(attributed, 30))
    lines.push(`${pct(weight)}  ${describe(key)}  [${areaOf(frameOf(key))}]`);
  lines.push('\n-- top self time, our code (src/**, bench app) --');
  const ours = new Map([...selfByFunction].filter(([key]) => areaOf(frameOf(key)).startsWith('ours')));
  for (const [key, weight] of top(ours, 20)) lines.push(`${pct(weight)}  ${describe(key)}`);
  lines.push(
    '\n-- our functions by inclusive time (self + what they call synchronously; work after an await is not included) --',
  );
  for (const [key, weight] of top(inclusiveByFunction, 20)) lines.push(`${pct(weight)}  ${describe(key)}`);
  return lines.join('\n');
}

const isUserland = (frame) => Boolean(frame.url) && !frame.url.startsWith('node:');

function top(map, n) {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
}

const SEP = '\u0001';
const keyOf = (frame) =>
  [frame.functionName || '(anonymous)', frame.url, frame.lineNumber, frame.columnNumber].join(SEP);
const frameOf = (key) => {
  const [functionName, url, lineNumber, columnNumber] = key.split(SEP);
  return { functionName, url, lineNumber: Number(lineNumber), columnNumber: Number(columnNumber) };
};

function areaOf({ url, functionName }) {
  if (!url) {
    if (functionName === '(garbage collector)') return 'GC';
    if (functionName === '(program)') return 'V8/native (program)';
    return 'V8 builtins / native';
  }
  if (url.startsWith('node:')) return 'Node internals (http, streams, async_hooks, ...)';
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const local = relative(ROOT, path);
  if (local.startsWith('src/mcp/')) return 'ours: src/mcp (the framework)';
  if (local.startsWith('src/')) return 'ours: src (app: config, bootstrap, logging)';
  if (local.startsWith('bench/app/') || local.startsWith('bench/shared/')) return 'ours: bench app';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path)?.[1];
  if (!pkg) return `other: ${relative(ROOT, path)}`;
  if (pkg.startsWith('@modelcontextprotocol/')) return `MCP SDK (${pkg})`;
  if (pkg === '@nestjs/core' || pkg === '@nestjs/common' || pkg === '@nestjs/platform-express') return `Nest (${pkg})`;
  if (
    [
      'express',
      'router',
      'body-parser',
      'finalhandler',
      'send',
      'serve-static',
      'on-finished',
      'path-to-regexp',
      'qs',
      'type-is',
      'accepts',
      'content-type',
      'mime-types',
      'negotiator',
      'fresh',
      'etag',
      'depd',
      'statuses',
      'setprototypeof',
      'forwarded',
      'proxy-addr',
      'parseurl',
      'encodeurl',
      'escape-html',
      'cookie',
      'vary',
      'merge-descriptors',
      'methods',
      'range-parser',
      'media-typer',
      'ipaddr.js',
    ].includes(pkg)
  ) {
    return 'Express 5 + its helpers';
  }
  if (
    [
      'jsonwebtoken',
      'jws',
      'jwa',
      '@nestjs/jwt',
      'safe-buffer',
      'buffer-equal-constant-time',
      'ecdsa-sig-formatter',
      'lodash.includes',
      'lodash.isstring',
      'lodash.once',
      'semver',
      'ms',
    ].includes(pkg)
  ) {
    return `JWT verification (${pkg})`;
  }
  return `dependency: ${pkg}`;
}

const maps = new Map();
function sourceMapOf(path) {
  let map = maps.get(path);
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(readFileSync(`${path}.map`, 'utf8')));
    } catch {
      map = null;
    }
    maps.set(path, map);
  }
  return map;
}

const originals = new Map();
/** A frame of our compiled code (tsc output or the bundle) mapped back to its source: src/**.ts, or the package file. */
function original(frame) {
  if (!frame.url || frame.url.startsWith('node:')) return frame;
  const path = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  if (!path.includes('/bench/dist/')) return frame;
  const key = keyOf(frame);
  let mapped = originals.get(key);
  if (!mapped) {
    const entry = sourceMapOf(path)?.findEntry(frame.lineNumber, frame.columnNumber);
    mapped = frame;
    if (entry?.originalSource) {
      const source = entry.originalSource.startsWith('file://')
        ? fileURLToPath(entry.originalSource)
        : resolve(dirname(path), entry.originalSource);
      mapped = {
        ...frame,
        url: pathToFileURL(source).href,
        lineNumber: entry.originalLine,
        columnNumber: entry.originalColumn,
      };
    }
    originals.set(key, mapped);
  }
  return mapped;
}

/** `name (src/file.ts:line)` for our code, `name (package/file.js:line)` for dependencies. */
function describe(key) {
  const frame = frameOf(key);
  const name = frame.functionName;
  if (!frame.url) return name;
  if (frame.url.startsWith('node:')) return `${name} (${frame.url}:${frame.lineNumber + 1})`;
  const path = frame.url.startsWith('file://') ? fileURLToPath(frame.url) : frame.url;
  const short = path.includes('node_modules/')
    ? path.slice(path.lastIndexOf('node_modules/') + 13)
    : relative(ROOT, path);
  return `${name} (${short}:${frame.lineNumber + 1})`;
}

await main();

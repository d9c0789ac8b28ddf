// What one held thing costs a server, and in which objects: opens N of them on a fresh
// server after a warm-up, and diffs heap snapshots (and memoryUsage) taken idle before and
// after, per thing held, by constructor; V8's sampling heap profiler, running in between,
// says which code allocated what is still live (by area, and the largest allocation sites).
//   npm run bench:build && node bench/held.mjs <what> [servers] [count]
//   what: session | large-initialize | get-stream (a session each, with its GET stream) |
//         get-only (a GET stream on a session opened before the first point) | listen
//   servers: as for bench/quick.mjs (default pipeline,nest,sdk; e.g. pipeline:MCP_SESSION_PARK_MS=0)
// Snapshots and heap profiles land in bench/results/held/ (open them in Chrome DevTools: Comparison view
// for the snapshots, the .heapprofile in the Memory tab). RSS is not shown: writing a snapshot inflates it
// (bench/run.mjs measures RSS).
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { idleMemories } from './support/memory.mjs';
import { openGetStream, openListen, openSession } from './support/open.mjs';
import { RESULTS } from './support/servers.mjs';
import { startSpec } from './support/spec.mjs';
import { legacyInitialize } from './support/wire.mjs';

const [what = 'get-stream', specs = 'pipeline,nest,sdk', countArg] = process.argv.slice(2);
const COUNT = Number(countArg ?? 500);
const WARM = 50;
/** Ours parks a session idle for 10 s, checked every 5 s: a point taken sooner would still see it live. */
const IDLE_MS = 16_000;
const DIR = join(RESULTS, 'held');
mkdirSync(DIR, { recursive: true });

const held = [];
const hold = (stream) => held.push(stream);

/** For each kind of thing: what is opened before the first point (`before`, per thing) and per thing measured. */
const THINGS = {
  session: { open: (server) => openSession(server) },
  'large-initialize': { open: (server) => openSession(server, legacyInitialize(48 * 1024)) },
  'get-stream': { open: async (server) => hold(await openGetStream(server)) },
  'get-only': {
    before: (server) => openSession(server),
    open: async (server, sessionId) => hold(await openGetStream(server, sessionId)),
  },
  listen: { open: async (server) => hold(await openListen(server)) },
};

async function measure(spec, index) {
  const thing = THINGS[what];
  if (!thing) throw new Error(`unknown thing ${what}: ${Object.keys(THINGS).join(', ')}`);
  const server = await startSpec(spec, index);
  try {
    const prepared = [];
    for (let i = 0; i < WARM + COUNT; i++) prepared.push(thing.before ? await thing.before(server) : undefined);
    for (let i = 0; i < WARM; i++) await thing.open(server, prepared[i]);
    const name = `${what}-${spec.replace(/[^a-z0-9=_-]/gi, '_')}`;
    const a = await point(server, { snapshot: join(DIR, `${name}-before.heapsnapshot`) });
    await server.memory(false, { sampling: 'start' });
    for (let i = WARM; i < WARM + COUNT; i++) await thing.open(server, prepared[i]);
    const b = await point(server, {
      sampling: join(DIR, `${name}.heapprofile`),
      snapshot: join(DIR, `${name}-after.heapsnapshot`),
    });
    const lost = held.filter((s) => !s.open).length;
    const per = (field) => ((b[field] - a[field]) / 1024 / COUNT).toFixed(1);
    console.log(
      `\n== ${what} · ${spec}: per thing ${per('heapUsed')} KB heap, ` +
        `${per('external')} KB external (${per('arrayBuffers')} KB ArrayBuffers)${lost ? `; ${lost} streams closed!` : ''}`,
    );
    printDiff(summarize(a.snapshot), summarize(b.snapshot));
    printProfile(b.sampled);
  } finally {
    for (const s of held.splice(0)) s.close();
    await server.stop();
  }
}

/**
 * memoryUsage taken idle as bench/run.mjs takes it, then (`sampling`) the heap profile of what was allocated
 * since sampling started and is still live, and a heap snapshot.
 */
async function point(server, files) {
  const [usage] = await idleMemories([server], { idleMs: IDLE_MS, settleMs: 2000 });
  const sampled = files.sampling && (await server.memory(true, { sampling: files.sampling })).sampled;
  const { snapshot } = await server.memory(false, { snapshot: files.snapshot });
  return { ...usage, snapshot, sampled };
}

/** Self size and count of the snapshot's nodes by type and constructor (or function) name. */
function summarize(file) {
  const snapshot = JSON.parse(readFileSync(file, 'utf8'));
  const fields = snapshot.snapshot.meta.node_fields;
  const types = snapshot.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = ['type', 'name', 'self_size'].map((f) => fields.indexOf(f));
  const { nodes, strings } = snapshot;
  const groups = new Map();
  for (let i = 0; i < nodes.length; i += fields.length) {
    const type = types[nodes[i + typeAt]];
    const named = ['object', 'closure', 'native', 'hidden', 'array', 'code'].includes(type);
    const key = named ? `${type} ${strings[nodes[i + nameAt]].slice(0, 60)}` : `(${type})`;
    const group = groups.get(key) ?? { count: 0, bytes: 0 };
    group.count++;
    group.bytes += nodes[i + sizeAt];
    groups.set(key, group);
  }
  return groups;
}

function printDiff(before, after) {
  const rows = [];
  for (const [key, { count, bytes }] of after) {
    const was = before.get(key) ?? { count: 0, bytes: 0 };
    rows.push({ key, count: (count - was.count) / COUNT, bytes: (bytes - was.bytes) / COUNT });
  }
  rows.sort((x, y) => y.bytes - x.bytes);
  const total = rows.reduce((sum, row) => sum + row.bytes, 0);
  console.log(`heap objects per thing: ${(total / 1024).toFixed(1)} KB in all; largest groups (bytes, objects):`);
  for (const row of rows.slice(0, 40)) {
    console.log(`${row.bytes.toFixed(0).padStart(8)}  ${row.count.toFixed(2).padStart(7)}  ${row.key}`);
  }
}

/** Which code a frame belongs to: ours, a package, or Node itself. */
function areaOf(url) {
  if (!url) return '(V8/native)';
  if (url.startsWith('node:')) return 'node';
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1];
  if (pkg) return pkg;
  // The framework's build (packages/nest-mcp/dist) and the bench app's (bench/dist).
  if (url.includes('/packages/nest-mcp/') || url.includes('/bench/dist/')) return 'ours';
  return url.split('/').slice(-2).join('/');
}

/**
 * The live sampled allocations (since the first point) per thing: by the area of the nearest non-Node frame
 * (what Node allocates for a package counts against the package), and the largest allocation sites with their
 * nearest callers outside Node.
 */
function printProfile(file) {
  const { head } = JSON.parse(readFileSync(file, 'utf8'));
  const areas = new Map();
  const sites = new Map();
  const walk = (node, stack) => {
    const frame = node.callFrame;
    const here = [...stack, frame];
    if (node.selfSize > 0) {
      const outside = here.filter((f) => f.url && !f.url.startsWith('node:'));
      const owner = outside.at(-1);
      const area = areaOf(owner?.url);
      areas.set(area, (areas.get(area) ?? 0) + node.selfSize);
      const where = (f) => `${f.functionName || '(anonymous)'} ${f.url.split('/').slice(-1)[0]}:${f.lineNumber + 1}`;
      const key = `${where(frame.url ? frame : { ...frame, url: '(native)' })}  <-  ${outside.slice(-3).reverse().map(where).join(' <- ')}`;
      sites.set(key, (sites.get(key) ?? 0) + node.selfSize);
    }
    for (const child of node.children) walk(child, here);
  };
  walk(head, []);
  const total = [...areas.values()].reduce((sum, bytes) => sum + bytes, 0);
  console.log(
    `\nlive allocations sampled since the first point: ${(total / 1024 / COUNT).toFixed(1)} KB per thing, by area:`,
  );
  for (const [area, bytes] of [...areas].sort((x, y) => y[1] - x[1])) {
    console.log(`${(bytes / COUNT).toFixed(0).padStart(8)}  ${area}`);
  }
  console.log('largest allocation sites (bytes per thing; nearest callers outside Node):');
  for (const [site, bytes] of [...sites].sort((x, y) => y[1] - x[1]).slice(0, 30)) {
    console.log(`${(bytes / COUNT).toFixed(0).padStart(8)}  ${site}`);
  }
}

for (const [index, spec] of specs.split(',').entries()) await measure(spec, index);

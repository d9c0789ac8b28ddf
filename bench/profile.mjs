// CPU profile of our app under load: `node --cpu-prof` on the benchmark server
// with the whole pipeline on (JWT auth, throttling, info logs), one process per
// era, loaded with 2026-07-28 tools/call and with 2025-era tools/call on one
// session. Prints, for the load window only (boot and warm-up cut away by
// timestamp): time by area, the top self-time functions overall and in our
// code (mapped back to packages/nest-mcp/src/**/*.ts and bench/app lines), and our functions by inclusive time.
//   npm run bench:build && node bench/profile.mjs
//   [PROFILE_SECONDS=10] [PROFILE_ERAS=modern,legacy,boot] [PROFILE_KINDS=pipeline,plain,sdk,nest]
// Writes bench/results/profiles/<era>.cpuprofile and <era>.txt.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SIMPLE_TOOL } from './shared/tools.mjs';
import { drain, load, summarize } from './support/load.mjs';
import { BUNDLE, bundleBenchApp } from './support/bundle.mjs';
import { KINDS, RESULTS, ROOT, spawnServer } from './support/servers.mjs';
import { toolCallFor } from './support/open.mjs';
import { analyze } from './profile/analyze.mjs';

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

await main();

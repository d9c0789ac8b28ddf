// Cold start: process start to the first served 2026-07-28 tools/call, a fresh process each time.
import { median } from '../support/load.mjs';
import { BUNDLE } from '../support/bundle.mjs';
import { KINDS, spawnServer } from '../support/servers.mjs';
import { log, results } from './record.mjs';
import { S } from './settings.mjs';

/**
 * Process start to first served 2026-07-28 tools/call, fresh process each
 * time. Ours as `npm run build` ships it (one esbuild bundle), and the tsc
 * output the other runs use, for reference.
 */
export async function coldStarts() {
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

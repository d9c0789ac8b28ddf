// What a CPU profile says about a time window: self time by area, the top functions (self, charged to
// the nearest package or app frame, and ours by inclusive time), as text.
import { readFileSync } from 'node:fs';
import { areaOf } from './areas.mjs';
import { describe, frameOf, isUserland, keyOf, original } from './frames.mjs';

/** Samples between `fromMs` and `toMs` after spawn (the profile starts a few ms after spawn: kept conservatively). */
export function analyze(file, fromMs, toMs, era, run, label) {
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
  lines.push('\n-- top self time, our code (packages/nest-mcp, bench app) --');
  const ours = new Map([...selfByFunction].filter(([key]) => areaOf(frameOf(key)).startsWith('ours')));
  for (const [key, weight] of top(ours, 20)) lines.push(`${pct(weight)}  ${describe(key)}`);
  lines.push(
    '\n-- our functions by inclusive time (self + what they call synchronously; work after an await is not included) --',
  );
  for (const [key, weight] of top(inclusiveByFunction, 20)) lines.push(`${pct(weight)}  ${describe(key)}`);
  return lines.join('\n');
}

function top(map, n) {
  return [...map].sort((a, b) => b[1] - a[1]).slice(0, n);
}

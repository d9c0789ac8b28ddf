#!/usr/bin/env node
// Short summary of one conformance run: reads the suite's checks.json files,
// its expected-failures file and (for --requirements runs) the revision's
// requirements file, and prints one line per scenario that did not fully
// pass, tagged with whether it is expected, not scored, or unexpected. Exits 1
// when a scenario the suite does not score fails and the expected-failures
// file does not name it (the CLI's own verdict covers scored ones only).
//
// usage: conformance-summary.mjs <label> <results-dir> <expected-failures.yml>
//          <exit-code> [<requirements.yaml>]
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const [label, resultsDir, baselineFile, exitCode, requirementsFile] = process.argv.slice(2);

/** `- name` and `- name:check-id` entries; comments and blank lines skipped. */
const baseline = new Set(
  (existsSync(baselineFile) ? readFileSync(baselineFile, 'utf8') : '')
    .split('\n')
    .map((line) => line.replace(/#.*/, '').trim())
    .filter((line) => line.startsWith('- '))
    .map((line) => line.slice(2).trim()),
);

/**
 * With `--requirements`, the scenarios the revision scores: the top-level
 * `server:` list of the package's requirements/<revision>.yaml. Any other
 * scenario the CLI ran is reported but not scored.
 */
let scored;
if (requirementsFile && existsSync(requirementsFile)) {
  scored = new Set();
  let inServer = false;
  for (const line of readFileSync(requirementsFile, 'utf8').split('\n')) {
    if (/^\S/.test(line)) inServer = /^server:\s*$/.test(line);
    else if (inServer) {
      const item = /^\s+-\s+(\S+)\s*$/.exec(line.replace(/#.*/, ''));
      if (item) scored.add(item[1]);
    }
  }
}

const scenarios = new Map();
for (const entry of existsSync(resultsDir) ? readdirSync(resultsDir) : []) {
  const file = join(resultsDir, entry, 'checks.json');
  const name = /^server-(.+)-\d{4}-\d{2}-\d{2}T/.exec(entry)?.[1];
  if (!name || !existsSync(file)) continue;
  const checks = JSON.parse(readFileSync(file, 'utf8'));
  scenarios.set(name, checks);
}

let passed = 0;
let unscoredFailures = 0;
let scoredPassed = 0;
const lines = [];
for (const [name, checks] of [...scenarios].sort(([a], [b]) => a.localeCompare(b))) {
  const bad = checks.filter((check) => check.status === 'FAILURE' || check.status === 'WARNING');
  if (bad.length === 0) {
    passed++;
    if (!scored || scored.has(name)) scoredPassed++;
    continue;
  }
  const unscored = scored && !scored.has(name);
  const expected = bad.every((check) => baseline.has(name) || baseline.has(`${name}:${check.id}`));
  if (unscored && !expected) unscoredFailures++;
  const reason = unscored
    ? expected
      ? 'not scored, expected'
      : 'not scored'
    : expected
      ? 'expected failure'
      : 'UNEXPECTED';
  const ids = [...new Set(bad.map((check) => `${check.id}=${check.status}`))];
  lines.push(
    reason === 'not scored'
      ? `  ✗ ${name} [not scored, UNEXPECTED] ${ids.join(', ')}`
      : `  ✗ ${name} [${reason}] ${ids.join(', ')}`,
  );
}

const scoredCount = scored ? [...scenarios.keys()].filter((name) => scored.has(name)).length : scenarios.size;
const scope = scored
  ? `${scoredPassed}/${scoredCount} scored scenarios fully passing, ${passed - scoredPassed}/${scenarios.size - scoredCount} not scored`
  : `${passed}/${scenarios.size} scenarios fully passing`;
const ok = exitCode === '0' && unscoredFailures === 0;
const unscoredNote = unscoredFailures > 0 ? `, ${unscoredFailures} unscored failing` : '';
console.log(`${label}: ${scope}; suite exit ${exitCode}${unscoredNote} (${ok ? 'OK' : 'FAILED'})`);
for (const line of lines) console.log(line);
process.exitCode = unscoredFailures > 0 ? 1 : 0;

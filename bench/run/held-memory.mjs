// Memory per thing held (an idle session, an open stream): growth between two idle points.
import { idleMemories } from '../support/memory.mjs';
import { log, results } from './record.mjs';
import { labelOf } from './scenario.mjs';
import { S } from './settings.mjs';

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
export async function heldMemory(subjects) {
  const servers = subjects.map(({ server }) => server);
  for (const { server, open, warm } of subjects) await open(server, warm);
  const before = await idleMemories(servers, S);
  const seconds = [];
  for (const { server, open, count } of subjects) {
    const t0 = performance.now();
    await open(server, count);
    seconds.push((performance.now() - t0) / 1000);
  }
  const after = await idleMemories(servers, S);
  subjects.forEach(({ server, scenario, count, lost }, index) => {
    const grown = (field) => after[index][field] - before[index][field];
    const youngGeneration = (after[index].youngGeneration ?? 0) - (before[index].youngGeneration ?? 0);
    const row = {
      scenario,
      server: server.id,
      kind: server.kindName,
      label: labelOf(server),
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

// The groups that measure what servers hold: idle sessions (and initialize/s), and what a client
// can make a server hold (large sessions, GET streams, listen streams).
import { openGetStream, openListen, openSessions, repeat } from '../support/open.mjs';
import { legacyInitialize } from '../support/wire.mjs';
import { heldMemory } from './held-memory.mjs';
import { entry, scenario, startAll, stopAll } from './scenario.mjs';
import { S } from './settings.mjs';

/** Ours with sessions kept whole until the TTL: what a live session holds. */
const NEVER_PARKED = { variant: 'never parked', env: { MCP_SESSION_PARK_MS: '0' } };

/** 2025-era sessions on fresh servers: memory per idle session, then initialize/s. */
export async function sessionGroup() {
  const servers = await startAll([
    ['sdk', 0, { name: 'sdk-sessions' }],
    ['nest', 0, { name: 'nest-sessions' }],
    ['pipeline', 0, { name: 'pipeline-sessions' }],
    ['plain', 0, { name: 'plain-sessions' }],
    ['pipeline', 0, { name: 'pipeline-live-sessions', ...NEVER_PARKED }],
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
export async function heldGroup() {
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
          ? ['pipeline', 0, { name: `${kind}-${scenario}`, ...NEVER_PARKED }]
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

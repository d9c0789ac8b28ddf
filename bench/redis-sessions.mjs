// What Redis-backed 2025-era sessions cost against in-memory ones, measured in one run on this
// machine: session creation (initialize) per second, and tools/call per second in one session —
// on the instance that opened it, and on a second instance that rebuilds it from Redis.
// Runs alternate (memory, redis, memory, redis, ...) and the script prints medians and ratios.
//   npm run build && node bench/redis-sessions.mjs        (needs redis-server on PATH)
import { spawn } from 'node:child_process';
import { load, median, summarize } from './support/load.mjs';
import { startRedis } from './support/redis.mjs';
import { freePort, ONE_CALLER_BOUNDS } from './support/servers.mjs';
import { initializedNotification, legacyCall, legacyInitialize, send } from './support/wire.mjs';

const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;

async function waitFor(url) {
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(url)).ok) return;
    } catch {}
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`${url} did not come up`);
}

async function startApp(env) {
  const port = await freePort();
  const child = spawn(process.execPath, ['dist/main.js'], {
    env: {
      ...process.env,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      MCP_RATE_LIMIT: '100000000',
      // One caller opens every session: at the default 100 per caller each new one would close the oldest.
      ...ONE_CALLER_BOUNDS,
      ...env,
    },
    stdio: 'ignore',
  });
  await waitFor(`http://127.0.0.1:${port}/health/ready`);
  return { port, url: `http://127.0.0.1:${port}/mcp`, stop: () => child.kill('SIGKILL') };
}

/** Opens a session; resolves with the `tools/call` request to load it with (a fresh id per request). */
async function openSession(url) {
  const init = await send(url, legacyInitialize());
  const sessionId = init.headers['mcp-session-id'];
  await send(url, initializedNotification(sessionId));
  return legacyCall('searchNotes', sessionId, { query: 'milk' });
}

/** req/s of 2xx answers over one run. */
const rate = async (url, request) =>
  summarize([await load(url, request, { duration: DURATION, connections: CONNECTIONS })]).rps;

const redis = await startRedis();
const memory = await startApp({});
const [redisA, redisB] = await Promise.all([startApp({ REDIS_URL: redis.url }), startApp({ REDIS_URL: redis.url })]);
const results = { memory: { init: [], call: [] }, redis: { init: [], call: [], callElsewhere: [] } };
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, app] of [
      ['memory', memory],
      ['redis', redisA],
    ]) {
      results[name].init.push(await rate(app.url, legacyInitialize()));
      results[name].call.push(await rate(app.url, await openSession(app.url)));
      if (name === 'redis') {
        // A session opened on A, served by B (rebuilt there from Redis on its first request).
        results.redis.callElsewhere.push(await rate(redisB.url, await openSession(redisA.url)));
      }
    }
  }
} finally {
  for (const app of [memory, redisA, redisB]) app.stop();
  await redis.stop();
}

const row = (label, mem, red) =>
  console.log(
    `${label.padEnd(44)} ${String(Math.round(mem)).padStart(7)} ${String(Math.round(red)).padStart(7)}   ${(red / mem).toFixed(2)}x`,
  );
console.log(
  `\n2025-era sessions, in memory vs Redis (${ROUNDS} alternating rounds of ${DURATION}s, ${CONNECTIONS} connections; req/s medians)`,
);
console.log(`${''.padEnd(44)} ${'memory'.padStart(7)} ${'redis'.padStart(7)}   ratio`);
row('session creation (initialize)', median(results.memory.init), median(results.redis.init));
row('tools/call in one session, same instance', median(results.memory.call), median(results.redis.call));
row('tools/call in one session, other instance', median(results.memory.call), median(results.redis.callElsewhere));

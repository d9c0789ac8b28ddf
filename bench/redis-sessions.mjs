// What Redis-backed 2025-era sessions cost against in-memory ones, measured in one run on this
// machine: session creation (initialize) per second, and tools/call per second in one session —
// on the instance that opened it, and on a second instance that rebuilds it from Redis.
// Runs alternate (memory, redis, memory, redis, ...) and the script prints medians and ratios.
//   npm run build && node bench/redis-sessions.mjs        (needs redis-server on PATH)
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import autocannon from 'autocannon';

const DURATION = Number(process.env.BENCH_DURATION ?? 4);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 10;
const V = '2025-11-25';
const ACCEPT = 'application/json, text/event-stream';

const freePort = () =>
  new Promise((resolve) => {
    const server = createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });

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
      ...env,
    },
    stdio: 'ignore',
  });
  await waitFor(`http://127.0.0.1:${port}/health/ready`);
  return { port, url: `http://127.0.0.1:${port}/mcp`, stop: () => child.kill('SIGKILL') };
}

async function startRedis() {
  const port = await freePort();
  const child = spawn('redis-server', ['--port', String(port), '--save', '', '--appendonly', 'no'], {
    stdio: 'ignore',
  });
  await new Promise((resolve) => setTimeout(resolve, 300));
  return { url: `redis://127.0.0.1:${port}`, stop: () => child.kill('SIGKILL') };
}

const initialize = JSON.stringify({
  jsonrpc: '2.0',
  id: 1,
  method: 'initialize',
  params: { protocolVersion: V, capabilities: {}, clientInfo: { name: 'bench', version: '1' } },
});

async function openSession(url) {
  const response = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: ACCEPT },
    body: initialize,
  });
  await response.text();
  const id = response.headers.get('mcp-session-id');
  const headers = {
    'content-type': 'application/json',
    accept: ACCEPT,
    'mcp-session-id': id,
    'mcp-protocol-version': V,
  };
  await (
    await fetch(url, { method: 'POST', headers, body: '{"jsonrpc":"2.0","method":"notifications/initialized"}' })
  ).text();
  return headers;
}

/** `body` is a string, or a function of a fresh id: requests in flight on one session must not share an id. */
function load(url, headers, body) {
  let id = 1_000;
  const bodyOf = typeof body === 'function' ? () => body(++id) : () => body;
  return autocannon({
    url,
    method: 'POST',
    connections: CONNECTIONS,
    duration: DURATION,
    headers,
    requests: [{ setupRequest: (req) => ({ ...req, body: bodyOf() }) }],
  });
}

const call = (id) =>
  JSON.stringify({
    jsonrpc: '2.0',
    id,
    method: 'tools/call',
    params: { name: 'searchNotes', arguments: { query: 'milk' } },
  });
const median = (values) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

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
      results[name].init.push(
        (await load(app.url, { 'content-type': 'application/json', accept: ACCEPT }, initialize)).requests.average,
      );
      const headers = await openSession(app.url);
      results[name].call.push((await load(app.url, headers, call)).requests.average);
      if (name === 'redis') {
        // A session opened on A, served by B (rebuilt there from Redis on its first request).
        const elsewhere = await openSession(redisA.url);
        results.redis.callElsewhere.push((await load(redisB.url, elsewhere, call)).requests.average);
      }
    }
  }
} finally {
  for (const app of [memory, redisA, redisB]) app.stop();
  redis.stop();
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

// The run's settings: env variables over the defaults, `--quick` shrinking everything (a smoke test).
export const quick = process.argv.includes('--quick');

const setting = (name, normal, small) => Number(process.env[name] ?? (quick ? small : normal));

export const S = {
  duration: setting('BENCH_DURATION', 3, 1),
  warmup: setting('BENCH_WARMUP', 1, 1),
  // A server's first run of a scenario would otherwise measure V8 still compiling that path (more
  // so the more code a server runs per request); steady state is what is compared here, cold start
  // has its own measurement.
  firstWarmup: setting('BENCH_FIRST_WARMUP', 5, 1),
  rounds: setting('BENCH_ROUNDS', 3, 1),
  connections: setting('BENCH_CONNECTIONS', 10, 10),
  sessions: setting('BENCH_SESSIONS', 5000, 500),
  streams: setting('BENCH_STREAMS', 1500, 150),
  // The SDK's createMcpHandler holds at most 1,024 listen subscriptions by default (MCP-Nest does not change
  // it; past it a listen is answered with an error): the warm-up's and these stay under it.
  listens: setting('BENCH_LISTENS', 900, 150),
  // Bytes of padding in the large initialize: well under MCP_MAX_INITIALIZE_BYTES (64 KiB) with the rest of it.
  initializePadding: 48 * 1024,
  coldRuns: setting('BENCH_COLD_RUNS', 5, 1),
  // Settled tasks (each with a 1 KiB result) created between the two idle points of the task memory scenario.
  storedTasks: setting('BENCH_STORED_TASKS', 5000, 500),
  // Enough for V8 to have compiled the task path before the first idle point (its code counts as heap).
  warmTasks: quick ? 50 : 1000,
  // Requests counted for the Redis commands each costs.
  commandSample: quick ? 100 : 500,
  big: setting('BENCH_BIG', 1000, 1000),
  mid: 100,
  warmSessions: quick ? 100 : 500,
  warmStreams: quick ? 20 : 100,
  settleMs: quick ? 500 : 2000,
  // Ours parks a session idle for MCP_SESSION_PARK_MS (10 s), checked every 5 s: idle means past both.
  idleMs: quick ? 16_000 : 16_000,
};

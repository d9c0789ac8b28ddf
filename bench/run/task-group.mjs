// Tasks (issue 16), ours only, in memory and on a real redis-server: what a stored task costs (heap of the
// process, Redis's used_memory) and how fast `tasks/get` answers beside a 2026-07-28 tools/call of the same
// server, alternating in the same scenario.
import { SIMPLE_TOOL, TASK_TOOL } from '../shared/tools.mjs';
import { idleMemory } from '../support/memory.mjs';
import { repeat } from '../support/open.mjs';
import { shown } from '../support/task-targets.mjs';
import { redisCommandCalls, redisMemory, startRedis } from '../support/redis.mjs';
import { modernCall, modernTaskCall, modernTaskRequest, send } from '../support/wire.mjs';
import { log, results } from './record.mjs';
import { entry, scenario, startAll, stopAll } from './scenario.mjs';
import { S } from './settings.mjs';

/** The stores measured: each a server of ours of its own, the Redis one with `REDIS_URL`. */
const STORES = [
  { store: 'memory', title: 'tasks in memory' },
  { store: 'redis', title: 'tasks on Redis' },
];

/** Seconds the polled task works: longer than the scenario; cancelled after it. */
const POLLED_TASK_SECONDS = 600;

export async function taskGroup() {
  const redis = await startRedis();
  let servers = [];
  try {
    // Every task comes from one caller (one token): its bound is raised past what the group creates.
    const bound = String(S.warmTasks + S.storedTasks + 10);
    servers = await startAll(
      STORES.map(({ store, title }) => [
        'pipeline',
        0,
        {
          name: `pipeline-tasks-${store}`,
          variant: title,
          env: { BENCH_TASKS: bound, ...(store === 'redis' && { REDIS_URL: redis.url }) },
        },
      ]),
    );
    const subjects = STORES.map((store, index) => ({ ...store, server: servers[index], redisUrl: redis.url }));
    await storedTaskMemory(subjects);
    for (const subject of subjects) await taskGets(subject);
  } finally {
    await stopAll(servers);
    await redis.stop();
  }
}

/**
 * Memory per stored task: `S.warmTasks` settled tasks first, an idle point (full GCs, `S.settleMs`, full
 * GCs) on every server at once, `S.storedTasks` more (each settled at once with a 1 KiB result), and a
 * second idle point; the growth divided by the count: the process's heap, and for the Redis store Redis's
 * `used_memory` (where the tasks live; the instance's own heap growth is shown beside).
 */
async function storedTaskMemory(subjects) {
  for (const { server } of subjects) await createTasks(server, S.warmTasks);
  const before = await memoryPoints(subjects);
  const seconds = [];
  for (const { server } of subjects) {
    const t0 = performance.now();
    const last = await createTasks(server, S.storedTasks);
    await settled(server, last);
    seconds.push((performance.now() - t0) / 1000);
  }
  const after = await memoryPoints(subjects);
  subjects.forEach(({ store, server }, index) => {
    const perTask = (field) => (after[index][field] - before[index][field]) / S.storedTasks;
    const row = {
      store,
      server: server.id,
      count: S.storedTasks,
      resultBytes: TASK_TOOL.text.length,
      heapBytes: perTask('heapUsed'),
      rssBytes: perTask('rss') - perTask('youngGeneration'),
      redisBytes: store === 'redis' ? perTask('redisUsed') : undefined,
      redisKeys: store === 'redis' ? after[index].redisKeys - before[index].redisKeys : undefined,
      createdPerSecond: S.storedTasks / seconds[index],
    };
    results.tasks.push(row);
    const inRedis = row.redisBytes === undefined ? '' : `, Redis ${row.redisBytes.toFixed(0)} B`;
    log(
      `stored task (${store}): heap ${row.heapBytes.toFixed(0)} B, RSS ${row.rssBytes.toFixed(0)} B${inRedis} each ` +
        `(${S.storedTasks} tasks with a ${row.resultBytes} B result, ${row.createdPerSecond.toFixed(0)} created/s)`,
    );
  });
}

/** The idle memory of every server at once, and Redis's for the Redis store. */
function memoryPoints(subjects) {
  return Promise.all(
    subjects.map(async ({ store, server, redisUrl }) => {
      const memory = await idleMemory(server, S.settleMs);
      if (store !== 'redis') return memory;
      const { usedMemory, keys } = await redisMemory(redisUrl);
      return { ...memory, redisUsed: usedMemory, redisKeys: keys };
    }),
  );
}

/** Creates `count` tasks that settle at once (10 at a time); resolves with the last one's id. */
async function createTasks(server, count) {
  const ids = await repeat(count, () => createTask(server, 0));
  return ids.at(-1);
}

/** One `tools/call` of the task tool from a client that takes tasks; resolves with the task's id. */
async function createTask(server, seconds) {
  const response = await send(server.url, modernTaskCall(TASK_TOOL.name, { seconds }), server.authHeaders);
  const taskId = response.message?.result?.resultType === 'task' ? response.message.result.taskId : undefined;
  if (response.status !== 200 || !taskId) {
    throw new Error(`${server.id}: no task created (${response.status}): ${response.text.slice(0, 300)}`);
  }
  return taskId;
}

/** Waits until the task is completed with the tool's result (tasks settle after their CreateTaskResult). */
async function settled(server, taskId, timeoutMs = 10_000) {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const task = (await send(server.url, modernTaskRequest('tasks/get', taskId), server.authHeaders)).message?.result;
    if (task?.status === 'completed' && task.result?.content?.[0]?.text === TASK_TOOL.text) return;
    if (task?.status !== 'working' || performance.now() > deadline) {
      throw new Error(`${server.id}: task ${taskId} did not complete: ${JSON.stringify(task)?.slice(0, 300)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * `tasks/get` of one working task (polled as a client polls it) against a `tools/call` of the simple tool on
 * the same server, their runs alternating in one scenario; the task is cancelled after.
 */
async function taskGets({ store, title, server, redisUrl }) {
  const taskId = await createTask(server, POLLED_TASK_SECONDS);
  const isWorking = (result) =>
    result?.taskId === taskId && result.status === 'working' ? undefined : 'tasks/get: not the working task';
  const requests = { 'tools/call': modernCall(SIMPLE_TOOL.name), 'tasks/get': modernTaskRequest('tasks/get', taskId) };
  try {
    await scenario(
      `task-get-${store}`,
      `2026-07-28 tasks/get beside tools/call, ${title}`,
      [
        entry(as(server, 'tools/call'), requests['tools/call']),
        entry(as(server, 'tasks/get'), requests['tasks/get'], isWorking),
      ],
      Math.min(S.rounds, 2),
    );
    if (store !== 'redis') return;
    for (const [request, load] of Object.entries(requests)) {
      const row = { request, ...(await redisCommandsPer(server, redisUrl, load)) };
      results.taskRedisCommands.push(row);
      log(`Redis commands per ${request}: ${shown(row)}`);
    }
  } finally {
    await send(server.url, modernTaskRequest('tasks/cancel', taskId), server.authHeaders);
  }
}

/**
 * What one request costs in Redis, counted rather than timed (exact, whatever else the machine runs): the
 * calls of each command (`INFO commandstats`) over `S.commandSample` requests (10 at a time), per request.
 * The measurement's own `INFO` is left out; the instance's lease renewal (one command every ~1.7 s) is not.
 */
async function redisCommandsPer(server, redisUrl, request) {
  const before = await redisCommandCalls(redisUrl);
  await repeat(S.commandSample, async () => {
    const response = await send(server.url, request, server.authHeaders);
    if (response.status !== 200) throw new Error(`${server.id}: ${response.status}: ${response.text.slice(0, 300)}`);
  });
  const after = await redisCommandCalls(redisUrl);
  const commands = Object.fromEntries(
    Object.entries(after)
      .filter(([command]) => command !== 'info')
      .map(([command, calls]) => [command, (calls - (before[command] ?? 0)) / S.commandSample])
      .filter(([, calls]) => calls > 0),
  );
  return { perRequest: Object.values(commands).reduce((sum, calls) => sum + calls, 0), commands };
}

/** The server as another row of a scenario: same process, its own variant (the request it is loaded with). */
const as = (server, variant) => Object.assign(Object.create(server), { variant });

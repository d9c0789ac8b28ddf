// The tasks targets (issue 16), read from a run's results: tasks/get beside tools/call on the same server, the
// Redis commands each costs, and the memory a stored task takes.

/** The bound on a stored task, with the 1 KiB result of the bench's task tool: in the heap, or in Redis. */
const STORED_TASK_BYTES = 4096;
/** What a Redis-backed instance may keep per task in its own heap: the tasks live in Redis. */
const INSTANCE_BYTES_PER_REDIS_TASK = 1024;

/**
 * Adds the tasks targets through `add(name, value, goal, direction, options)` (targets.mjs); `find(scenario,
 * kind, variant)` is a throughput row.
 */
export function addTaskTargets(results, find, add) {
  // CPU per request rather than req/s: the two alternate on one server, but on this shared machine req/s
  // ratios swung 0.66-1.5× between runs under other load; CPU per request moves far less (the exact Redis command
  // count below is what catches an extra round trip).
  for (const [store, where, goal] of [
    ['memory', 'in memory', 1.15],
    ['redis', 'on Redis', 1.4],
  ]) {
    const get = find(`task-get-${store}`, 'pipeline', 'tasks/get');
    const call = find(`task-get-${store}`, 'pipeline', 'tools/call');
    add(
      `tasks/get ≤ ${goal}× the CPU of a tools/call, same server, tasks ${where}`,
      get?.cpuUs / call?.cpuUs,
      goal,
      '<=',
      {
        note: get && call ? getNote(get, call) : undefined,
      },
    );
  }
  const commands = (request) => results.taskRedisCommands?.find((row) => row.request === request);
  const get = commands('tasks/get');
  const call = commands('tools/call');
  add(
    'tasks/get costs Redis ≤ 1 command more than tools/call (the task read)',
    get && call ? get.perRequest - call.perRequest : NaN,
    1.05,
    '<=',
    {
      unit: ' commands',
      note: get && call ? `tasks/get ${shown(get)}; tools/call ${shown(call)}` : undefined,
    },
  );
  const stored = (store) => results.tasks?.find((row) => row.store === store);
  const memory = stored('memory');
  const redis = stored('redis');
  add(
    `stored task ≤ ${STORED_TASK_BYTES} B in memory (heap), 1 KiB result`,
    memory?.heapBytes,
    STORED_TASK_BYTES,
    '<=',
    {
      unit: ' B',
      note: memory ? `RSS ${memory.rssBytes.toFixed(0)} B` : undefined,
    },
  );
  add(
    `stored task ≤ ${STORED_TASK_BYTES} B in Redis (used_memory), 1 KiB result`,
    redis?.redisBytes,
    STORED_TASK_BYTES,
    '<=',
    {
      unit: ' B',
    },
  );
  add(
    `a Redis-backed instance keeps ≤ ${INSTANCE_BYTES_PER_REDIS_TASK} B per task (heap)`,
    redis?.heapBytes,
    INSTANCE_BYTES_PER_REDIS_TASK,
    '<=',
    { unit: ' B' },
  );
}

const getNote = (get, call) =>
  `${Math.round(get.cpuUs)} vs ${Math.round(call.cpuUs)} µs; ${Math.round(get.rps)} vs ${Math.round(call.rps)} req/s ` +
  `(${(get.rps / call.rps).toFixed(2)}×), p99 ${get.p99.toFixed(1)} vs ${call.p99.toFixed(1)} ms`;

/** `5.00 (hgetall 1.00, eval 1.00, ...)`: commands run inside scripts count as their own. */
export const shown = ({ perRequest, commands }) =>
  `${perRequest.toFixed(2)} (${Object.entries(commands)
    .filter(([, calls]) => calls >= 0.01)
    .map(([command, calls]) => `${command} ${calls.toFixed(2)}`)
    .join(', ')})`;

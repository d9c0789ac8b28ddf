import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonRpcCode, type McpModuleOptions } from '../src/index.js';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { TaskE2eTools, tasksModule } from './fixtures/tasks.module.js';
import { modernRpc, type ModernRpcOptions, type RpcReply } from './support/modern-rpc.js';

/*
 * The tasks extension (SEP-2663) on one instance, spoken as raw 2026-07-28
 * requests: the server decides when a call becomes a task, and the client
 * polls it with tasks/get, answers it with tasks/update, stops it with
 * tasks/cancel.
 */

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const ISO_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/;
const MISSING_CAPABILITY = -32021;

interface Task {
  resultType?: string;
  taskId: string;
  status: string;
  statusMessage?: string;
  createdAt: string;
  lastUpdatedAt: string;
  ttlMs: number;
  pollIntervalMs?: number;
  inputRequests?: Record<string, { method: string; params: Record<string, unknown> }>;
  result?: { content: { type: string; text: string }[]; isError?: boolean };
  error?: { code: number; message: string };
}

/** A server and the requests a test sends it. */
function client(running: () => RunningMcpApp, defaults: ModernRpcOptions = {}) {
  const rpc = <R = Task>(method: string, params: Record<string, unknown>, options: ModernRpcOptions = {}) =>
    modernRpc<R>(running().url, method, params, { ...defaults, ...options });
  const call = (name: string, args: Record<string, unknown> = {}, options?: ModernRpcOptions) =>
    rpc('tools/call', { name, arguments: args }, options);
  /** Calls `name` and expects it to become a task: its id. */
  const start = async (name: string, args: Record<string, unknown> = {}, options?: ModernRpcOptions) => {
    const reply = await call(name, args, options);
    expect(reply.error).toBeUndefined();
    expect(reply.result?.resultType).toBe('task');
    return reply.result!.taskId;
  };
  const get = (taskId: string, options?: ModernRpcOptions) => rpc('tasks/get', { taskId }, options);
  /** Polls tasks/get until the task's status is one of `statuses` (5 s at most). */
  const until = async (taskId: string, statuses: string[], options?: ModernRpcOptions): Promise<Task> => {
    const deadline = Date.now() + 5_000;
    for (;;) {
      const reply = await get(taskId, options);
      expect(reply.error).toBeUndefined();
      if (statuses.includes(reply.result!.status)) return reply.result!;
      if (Date.now() > deadline) throw new Error(`task ${taskId} still ${reply.result!.status}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  };
  return { rpc, call, start, get, until };
}

const expectNotFound = (reply: RpcReply<unknown>) => {
  expect(reply.result).toBeUndefined();
  expect(reply.error?.code).toBe(JsonRpcCode.InvalidParams);
  expect(reply.error?.message).toMatch(/not found/i);
};

/** An empty result (the SDK adds its `resultType` and server info). */
const expectAck = (reply: RpcReply<Task>) => {
  expect(reply.error).toBeUndefined();
  expect(reply.result).toMatchObject({ resultType: 'complete' });
  expect(reply.result).not.toHaveProperty('taskId');
};

function serve(options: Partial<McpModuleOptions> = {}) {
  let running: RunningMcpApp;
  beforeAll(async () => {
    running = await startMcpApp(tasksModule(options));
  });
  afterAll(() => running.close());
  return {
    running: () => running,
    tools: () => running.app.get(TaskE2eTools),
  };
}

describe('tasks, 2026-07-28: a call becomes a task and is polled to its end', () => {
  const server = serve({ taskLimits: { maxTaskResultBytes: 10_000, pollIntervalMs: 250 } });
  const { rpc, call, start, get, until } = client(server.running);

  it('answers a task-capable call with a flat CreateTaskResult', async () => {
    const reply = await call('wait', { ms: 200 });
    expect(reply.error).toBeUndefined();
    const task = reply.result!;
    expect(task).toMatchObject({ resultType: 'task', status: 'working', ttlMs: expect.any(Number) });
    expect(task).not.toHaveProperty('task');
    expect(task.taskId).toEqual(expect.any(String));
    expect(Number.isInteger(task.ttlMs)).toBe(true);
    expect(task.pollIntervalMs).toBe(250);
    expect(task.createdAt).toMatch(ISO_TIME);
    expect(task.lastUpdatedAt).toMatch(ISO_TIME);
  });

  it('tasks/get shows the task working, then completed with its result inline', async () => {
    const taskId = await start('wait', { label: 'poll', ms: 300 });
    const working = (await get(taskId)).result!;
    expect(working).toMatchObject({ taskId, status: 'working' });
    expect(working).not.toHaveProperty('result');
    // A task's state is the answer to tasks/get, not a new task.
    expect(working.resultType).toBe('complete');
    const done = await until(taskId, ['completed']);
    expect(done.result).toEqual({ content: [{ type: 'text', text: 'waited poll' }] });
    expect(Number.isInteger(done.ttlMs)).toBe(true);
  });

  it('a tool error is a completed task whose result has isError', async () => {
    const done = await until(await start('tool_fails'), ['completed', 'failed']);
    expect(done.status).toBe('completed');
    expect(done.result).toEqual({ content: [{ type: 'text', text: 'the job did not work out' }], isError: true });
    expect(done).not.toHaveProperty('error');
  });

  it('a protocol error is a failed task with the error inline', async () => {
    const done = await until(await start('protocol_fails'), ['completed', 'failed']);
    expect(done.status).toBe('failed');
    expect(done.error).toEqual({ code: JsonRpcCode.InvalidParams, message: 'the job was asked for nonsense' });
    expect(done).not.toHaveProperty('result');
  });

  it('a question puts the task in input_required; tasks/update answers it and the task completes with the answer', async () => {
    const taskId = await start('ask_name');
    const asking = await until(taskId, ['input_required']);
    const [key, request] = Object.entries(asking.inputRequests ?? {})[0] ?? [];
    expect(request).toMatchObject({ method: 'elicitation/create', params: { message: 'Your name?' } });
    const updated = await rpc('tasks/update', {
      taskId,
      inputResponses: { [key!]: { action: 'accept', content: { name: 'Ada' } } },
    });
    expectAck(updated);
    const done = await until(taskId, ['completed']);
    expect(done.result).toEqual({ content: [{ type: 'text', text: 'Hello, Ada' }] });
  });

  it('tasks/cancel acknowledges, the tool sees ctx.signal abort, and the task is cancelled', async () => {
    const taskId = await start('wait', { label: 'to-cancel', ms: 30_000 });
    const cancelled = await rpc('tasks/cancel', { taskId });
    expectAck(cancelled);
    await expect.poll(() => server.tools().events).toContain('aborted:to-cancel');
    expect((await until(taskId, ['cancelled'])).status).toBe('cancelled');
    // Idempotent: a second cancel is acknowledged as well, and the task stays cancelled.
    expectAck(await rpc('tasks/cancel', { taskId }));
    expect((await get(taskId)).result?.status).toBe('cancelled');
  });

  it('tasks/cancel of a task waiting for input cancels it; of a settled one leaves it as it is', async () => {
    const waiting = await start('ask_name');
    await until(waiting, ['input_required']);
    expectAck(await rpc('tasks/cancel', { taskId: waiting }));
    const cancelled = (await get(waiting)).result!;
    expect(cancelled.status).toBe('cancelled');
    expect(cancelled).not.toHaveProperty('inputRequests');
    const settled = await start('wait', { ms: 0 });
    await until(settled, ['completed']);
    expectAck(await rpc('tasks/cancel', { taskId: settled }));
    expect((await get(settled)).result).toMatchObject({
      status: 'completed',
      result: { content: [{ text: 'waited task' }] },
    });
  });

  it('reportProgress shows up as the status message', async () => {
    const taskId = await start('progress', { label: 'p', ms: 1_000 });
    await expect.poll(async () => (await get(taskId)).result?.statusMessage).toBe('halfway through p');
    expect((await get(taskId)).result?.status).toBe('working');
  });

  it('taskAfterMs: a fast call answers directly, a slow one becomes a task', async () => {
    const fast = await call('maybe_slow', { label: 'fast', ms: 0 });
    expect(fast.result).toMatchObject({ content: [{ type: 'text', text: 'answered fast' }] });
    expect(fast.result).not.toHaveProperty('taskId');
    const slow = await call('maybe_slow', { label: 'slow', ms: 800 });
    expect(slow.result?.resultType).toBe('task');
    const done = await until(slow.result!.taskId, ['completed']);
    expect(done.result).toEqual({ content: [{ type: 'text', text: 'answered slow' }] });
  });

  it('a result past maxTaskResultBytes settles the task failed, saying so', async () => {
    const done = await until(await start('big_result', { chars: 20_000 }), ['completed', 'failed']);
    expect(done.status).toBe('failed');
    expect(done.error?.code).toBe(JsonRpcCode.InternalError);
    expect(done.error?.message).toMatch(/result is too large/);
    expect(done).not.toHaveProperty('result');
  });

  it('a client without the extension gets -32021 for tasks/* and for a required tool, and a plain result otherwise', async () => {
    const taskId = await start('wait', { ms: 0 });
    const without = { capabilities: {} };
    for (const [method, params] of [
      ['tasks/get', { taskId }],
      ['tasks/update', { taskId, inputResponses: {} }],
      ['tasks/cancel', { taskId }],
    ] as const) {
      const reply = await rpc(method, params, without);
      expect(reply.error?.code, method).toBe(MISSING_CAPABILITY);
      expect(JSON.stringify(reply.error)).toContain('io.modelcontextprotocol/tasks');
    }
    const required = await call('only_task', { label: 'refused' }, without);
    expect(required.error?.code).toBe(MISSING_CAPABILITY);
    expect(required.error?.message).toContain('only_task');
    expect(server.tools().events).not.toContain('ran:refused');
    const plain = await call('wait', { label: 'plain', ms: 0 }, without);
    expect(plain.result).toMatchObject({ content: [{ type: 'text', text: 'waited plain' }] });
    expect(plain.result).not.toHaveProperty('resultType', 'task');
  });

  it('answers an unknown task id as not found', async () => {
    expectNotFound(await get('no-such-task'));
  });
});

describe('tasks, 2026-07-28: ownership and the bound per principal', () => {
  const server = serve({ auth: { mode: 'jwt', secret: SECRET }, taskLimits: { maxTasksPerPrincipal: 2 } });
  const { rpc, start, get, call } = client(server.running);
  const as = async (sub: string): Promise<ModernRpcOptions> => ({ token: await server.running().token({ sub }) });

  it('a task is its creator’s: another principal gets not-found on get, update and cancel', async () => {
    const alice = await as('alice');
    const bob = await as('bob');
    const taskId = await start('ask_name', {}, alice);
    expectNotFound(await get(taskId, bob));
    expectNotFound(await rpc('tasks/update', { taskId, inputResponses: {} }, bob));
    expectNotFound(await rpc('tasks/cancel', { taskId }, bob));
    // Untouched by bob's attempts, and still alice's.
    expect((await get(taskId, alice)).result?.status).toMatch(/working|input_required/);
    expectAck(await rpc('tasks/cancel', { taskId }, alice));
  });

  it('refuses a task past maxTasksPerPrincipal with a clear 429-kind error; another principal is not affected', async () => {
    const carol = await as('carol');
    await start('wait', { ms: 30_000, label: 'c1' }, carol);
    await start('wait', { ms: 30_000, label: 'c2' }, carol);
    const refused = await call('wait', { ms: 0 }, carol);
    expect(refused.result).toBeUndefined();
    expect(refused.error?.code).toBe(JsonRpcCode.TooManyRequests);
    expect(refused.error?.message).toMatch(/too many tasks: at most 2/);
    const dave = await as('dave');
    expect(await start('wait', { ms: 0 }, dave)).toEqual(expect.any(String));
  });
});

describe('tasks, 2026-07-28: a task expires after its TTL', () => {
  const server = serve({ taskLimits: { defaultTaskTtlMs: 800 } });
  const { start, until, get } = client(server.running);

  it('is there, result and all, until its TTL; then tasks/get answers not found', async () => {
    const taskId = await start('wait', { ms: 0 });
    const done = await until(taskId, ['completed']);
    expect(done.ttlMs).toBe(800);
    await new Promise((resolve) => setTimeout(resolve, 900));
    expectNotFound(await get(taskId));
  });

  it('a task still running at its TTL is gone, and its call stops with it', async () => {
    const taskId = await start('wait', { label: 'outlived', ms: 5_000 });
    await expect.poll(() => server.tools().events, { timeout: 2_000 }).toContain('aborted:outlived');
    expectNotFound(await get(taskId));
  });
});

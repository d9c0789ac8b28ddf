import { describe, expect, it } from 'vitest';
import { InMemoryTaskStore } from '../src/stores/tasks/in-memory-task.store.js';
import { RedisTaskStore } from '../src/stores/tasks/redis-task.store.js';
import type { TaskStoreLimits } from '../src/stores/tasks/task-records.js';
import { TaskLimitError, TaskResultTooLargeError } from '../src/stores/tasks/task-store.errors.js';
import type { NewTask, TaskStore } from '../src/stores/tasks/task.store.js';
import { twoInstancesOnOneRedis } from './support/oauth-state.js';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const redis = twoInstancesOnOneRedis();
const LIMITS: TaskStoreLimits = { maxPerPrincipal: 3, maxResultBytes: 1_000, pageSize: 2, maxTasks: 1_000 };
const taskOf = (owner: string, ttlMs = 60_000): NewTask => ({ owner, tool: 'export', ttlMs, instance: 'a' });

/** Two instances' views of one task store: in memory, one store; in Redis, two connections with one key prefix. */
interface StoreKind {
  name: string;
  instances(limits?: Partial<TaskStoreLimits>): { a: TaskStore; b: TaskStore };
}

const inMemory: StoreKind = {
  name: 'in memory',
  instances(limits) {
    const store = new InMemoryTaskStore({ ...LIMITS, sweepEveryMs: 50, ...limits });
    afterAll(() => store.onApplicationShutdown());
    return { a: store, b: store };
  },
};
let prefixes = 0;
const inRedis: StoreKind = {
  name: 'in Redis',
  instances(limits) {
    const prefix = `t${++prefixes}:`;
    return {
      a: new RedisTaskStore(redis.first, prefix, { ...LIMITS, ...limits }),
      b: new RedisTaskStore(redis.second, prefix, { ...LIMITS, ...limits }),
    };
  },
};

describe.each([inMemory, inRedis])('the task store $name, seen from two instances', (kind) => {
  it('a task is its owner’s: anyone else gets not-found for get, list, update, settle, cancel and delete', async () => {
    const { a, b } = kind.instances();
    const task = await a.create(taskOf('sub:alice'));
    expect(task).toMatchObject({
      owner: 'sub:alice',
      status: 'working',
      cancelRequested: false,
      id: expect.any(String),
    });
    expect(await b.get(task.id, 'sub:alice')).toEqual(task);
    expect(await b.get(task.id, 'sub:mallory')).toBeUndefined();
    expect(await b.list('sub:mallory')).toEqual({ tasks: [] });
    expect(await b.update(task.id, 'sub:mallory', { status: 'input_required' })).toBeUndefined();
    expect(await b.settle(task.id, 'sub:mallory', { status: 'cancelled' })).toBeUndefined();
    expect(await b.requestCancel(task.id, 'sub:mallory')).toBeUndefined();
    await b.delete(task.id, 'sub:mallory');
    expect(await a.get(task.id, 'sub:alice')).toMatchObject({ status: 'working', cancelRequested: false });
  });

  it("keeps the creating call's traceparent, for any instance to read, through the task's changes", async () => {
    const { a, b } = kind.instances();
    const traceparent = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';
    const task = await a.create({ ...taskOf('sub:alice'), traceparent });
    expect(await b.get(task.id, 'sub:alice')).toMatchObject({ traceparent });
    await b.settle(task.id, 'sub:alice', { status: 'completed', result: { content: [] } });
    expect(await a.get(task.id, 'sub:alice')).toMatchObject({ status: 'completed', traceparent });
  });

  it('the owner updates, cancels and settles from any instance; the first outcome wins', async () => {
    const { a, b } = kind.instances();
    const task = await a.create(taskOf('sub:alice'));
    expect(await b.update(task.id, 'sub:alice', { status: 'input_required', statusMessage: 'approve?' })).toMatchObject(
      {
        status: 'input_required',
        statusMessage: 'approve?',
      },
    );
    expect(await b.requestCancel(task.id, 'sub:alice')).toMatchObject({ cancelRequested: true });
    const result = { content: [{ type: 'text', text: 'done' }], isError: true };
    expect(await a.settle(task.id, 'sub:alice', { status: 'completed', result })).toMatchObject({
      status: 'completed',
      result,
    });
    expect(
      await b.settle(task.id, 'sub:alice', { status: 'failed', error: { code: -32603, message: 'x' } }),
    ).toMatchObject({
      status: 'completed',
      result,
    });
    expect(await b.update(task.id, 'sub:alice', { status: 'working' })).toMatchObject({ status: 'completed' });
    await b.delete(task.id, 'sub:alice');
    expect(await a.get(task.id, 'sub:alice')).toBeUndefined();
  });

  it('the per-principal bound holds across instances, and one principal at its bound blocks no other', async () => {
    const { a, b } = kind.instances();
    await a.create(taskOf('sub:alice'));
    await b.create(taskOf('sub:alice'));
    const third = await a.create(taskOf('sub:alice'));
    await expect(b.create(taskOf('sub:alice'))).rejects.toBeInstanceOf(TaskLimitError);
    expect(await b.create(taskOf('sub:bob'))).toMatchObject({ owner: 'sub:bob' });
    await b.delete(third.id, 'sub:alice');
    expect(await b.create(taskOf('sub:alice'))).toMatchObject({ owner: 'sub:alice' });
  });

  it('at its bound, a principal’s own oldest settled task gives way; running ones never do', async () => {
    const { a, b } = kind.instances();
    // A few ms apart: which is oldest is told by the creation time (ms).
    const first = await a.create(taskOf('sub:alice'));
    await sleep(3);
    const second = await b.create(taskOf('sub:alice'));
    await sleep(3);
    const third = await a.create(taskOf('sub:alice'));
    await a.settle(second!.id, 'sub:alice', { status: 'completed', result: { content: [] } });
    await b.settle(first!.id, 'sub:alice', { status: 'cancelled' });
    // Both settled; the one created first gives way, whatever order they settled in.
    const fourth = await b.create(taskOf('sub:alice'));
    expect(await a.get(first!.id, 'sub:alice')).toBeUndefined();
    expect(await a.get(second!.id, 'sub:alice')).toMatchObject({ status: 'completed' });
    const fifth = await a.create(taskOf('sub:alice'));
    expect(await b.get(second!.id, 'sub:alice')).toBeUndefined();
    // Three running now: nothing gives way, the next is refused.
    await expect(b.create(taskOf('sub:alice'))).rejects.toBeInstanceOf(TaskLimitError);
    for (const task of [third!, fourth, fifth])
      expect(await b.get(task.id, 'sub:alice')).toMatchObject({ status: 'working' });
  });

  it('concurrent creates at the bound on two instances never pass it', async () => {
    const { a, b } = kind.instances({ maxPerPrincipal: 4 });
    const outcomes = await Promise.allSettled(
      [...Array(20)].map((_, i) => (i % 2 ? a : b).create(taskOf('sub:carol'))),
    );
    expect(outcomes.filter(({ status }) => status === 'fulfilled')).toHaveLength(4);
    for (const outcome of outcomes) {
      if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(TaskLimitError);
    }
    const first = await a.list('sub:carol');
    expect([...first.tasks, ...(await b.list('sub:carol', first.nextCursor)).tasks]).toHaveLength(4);
  });

  it('lists only the owner’s tasks, a page at a time', async () => {
    const { a, b } = kind.instances();
    const created = [
      await a.create(taskOf('sub:alice')),
      await b.create(taskOf('sub:alice')),
      await a.create(taskOf('sub:alice')),
    ];
    await b.create(taskOf('sub:bob'));
    const first = await b.list('sub:alice');
    expect(first.tasks).toHaveLength(2);
    const second = await a.list('sub:alice', first.nextCursor);
    expect(second.nextCursor).toBeUndefined();
    expect([...first.tasks, ...second.tasks].map(({ id }) => id).sort()).toEqual(created.map(({ id }) => id).sort());
  });

  it('a result past the byte bound is refused and leaves the task running', async () => {
    const { a, b } = kind.instances();
    const task = await a.create(taskOf('sub:alice'));
    const result = { content: [{ type: 'text', text: 'x'.repeat(1_000) }] };
    await expect(b.settle(task.id, 'sub:alice', { status: 'completed', result })).rejects.toBeInstanceOf(
      TaskResultTooLargeError,
    );
    expect(await a.get(task.id, 'sub:alice')).toMatchObject({ status: 'working' });
  });

  it('a task expires its ttl after creation, settled result and all, and gives back its place in the bound', async () => {
    const { a, b } = kind.instances({ maxPerPrincipal: 1 });
    const task = await a.create(taskOf('sub:alice', 300));
    await expect(b.create(taskOf('sub:alice'))).rejects.toBeInstanceOf(TaskLimitError);
    await b.settle(task.id, 'sub:alice', { status: 'completed', result: { content: [] } });
    expect(await b.get(task.id, 'sub:alice')).toMatchObject({ status: 'completed', result: { content: [] } });
    await sleep(400);
    expect(await b.get(task.id, 'sub:alice')).toBeUndefined();
    expect((await a.list('sub:alice')).tasks).toEqual([]);
    expect(await b.create(taskOf('sub:alice'))).toMatchObject({ owner: 'sub:alice' });
  });
});

describe.each([inMemory, inRedis])('the task store $name: tasks in all', (kind) => {
  it('refuses a task past the bound in all, whoever asks, and takes one again once a place is free', async () => {
    const { a, b } = kind.instances({ maxTasks: 2 });
    const first = await a.create(taskOf('sub:alice'));
    await b.create(taskOf('sub:bob'));
    await expect(a.create(taskOf('sub:carol'))).rejects.toMatchObject({ name: 'TaskLimitError', max: 2 });
    await a.delete(first.id, 'sub:alice');
    expect(await b.create(taskOf('sub:carol'))).toMatchObject({ owner: 'sub:carol' });
  });
});

describe.each([inMemory, inRedis])('the task store $name: questions and answers', (kind) => {
  const elicit = (message: string) => ({
    method: 'elicitation/create',
    params: { mode: 'form', message, requestedSchema: { type: 'object', properties: {}, required: [] } },
  });

  it('an answer counts once, only for a question still open; the task is working again when none is left', async () => {
    const { a, b } = kind.instances();
    const task = await a.create(taskOf('sub:alice'));
    const asked = await a.askInput(task.id, 'sub:alice', { name: elicit('Name?'), confirm: elicit('Sure?') });
    expect(asked).toMatchObject({
      status: 'input_required',
      inputRequests: { name: elicit('Name?'), confirm: elicit('Sure?') },
    });

    const partly = await b.answerInput(task.id, 'sub:alice', {
      name: { action: 'accept', content: { name: 'Ada' } },
      never: { action: 'accept' },
    });
    expect(partly?.status).toBe('input_required');
    expect(Object.keys(partly?.inputRequests ?? {})).toEqual(['confirm']);
    // Answered already: ignored, the first answer stays.
    await b.answerInput(task.id, 'sub:alice', { name: { action: 'decline' } });
    expect(await b.answerInput(task.id, 'sub:mallory', { confirm: { action: 'accept' } })).toBeUndefined();
    const done = await b.answerInput(task.id, 'sub:alice', { confirm: { action: 'accept', content: { ok: true } } });
    expect(done).toMatchObject({ status: 'working' });
    expect(done?.inputRequests ?? {}).toEqual({});

    expect(await a.takeAnswers(task.id, 'sub:mallory')).toEqual({});
    expect(await a.takeAnswers(task.id, 'sub:alice')).toEqual({
      name: { action: 'accept', content: { name: 'Ada' } },
      confirm: { action: 'accept', content: { ok: true } },
    });
    expect(await a.takeAnswers(task.id, 'sub:alice')).toEqual({});
  });

  it('a settled task takes no more questions or answers', async () => {
    const { a, b } = kind.instances();
    const task = await a.create(taskOf('sub:alice'));
    await a.settle(task.id, 'sub:alice', { status: 'cancelled' });
    expect(await a.askInput(task.id, 'sub:alice', { name: elicit('Name?') })).toMatchObject({ status: 'cancelled' });
    expect((await b.get(task.id, 'sub:alice'))?.inputRequests ?? {}).toEqual({});
  });
});

describe('the in-memory task store: bytes of results in all', () => {
  const resultOf = (bytes: number) => ({ content: [{ type: 'text', text: 'x'.repeat(bytes - 40) }] });
  const settleWith = async (store: InMemoryTaskStore, owner: string, bytes: number) => {
    const task = await store.create(taskOf(owner));
    await store.settle(task.id, owner, { status: 'completed', result: resultOf(bytes) });
    return task.id;
  };

  it('at the bound, the principal holding the most gives up its oldest result, never a smaller holder', async () => {
    const store = new InMemoryTaskStore({ ...LIMITS, maxPerPrincipal: 10, maxTasks: 100, maxBytes: 3_000 });
    afterAll(() => store.onApplicationShutdown());
    const alice = [await settleWith(store, 'sub:alice', 1_000), await settleWith(store, 'sub:alice', 1_000)];
    const bob = await settleWith(store, 'sub:bob', 900);
    expect(store.bytes).toBeLessThanOrEqual(3_000);
    // Bob's next result needs room: alice holds the most, her oldest goes.
    const bob2 = await settleWith(store, 'sub:bob', 900);
    expect(await store.get(alice[0]!, 'sub:alice')).toBeUndefined();
    expect(await store.get(alice[1]!, 'sub:alice')).toMatchObject({ status: 'completed' });
    expect(await store.get(bob, 'sub:bob')).toMatchObject({ status: 'completed' });
    expect(await store.get(bob2, 'sub:bob')).toMatchObject({ status: 'completed' });
    expect(store.bytes).toBeLessThanOrEqual(3_000);
    // Expired or deleted, a task's bytes are given back.
    await store.delete(bob2, 'sub:bob');
    expect(store.bytes).toBeLessThanOrEqual(3_000 - 900);
  });

  it('a result that cannot fit even alone is refused (the task is then failed by the runtime)', async () => {
    const store = new InMemoryTaskStore({ ...LIMITS, maxResultBytes: 10_000, maxTasks: 100, maxBytes: 500 });
    afterAll(() => store.onApplicationShutdown());
    const task = await store.create(taskOf('sub:alice'));
    await expect(
      store.settle(task.id, 'sub:alice', { status: 'completed', result: resultOf(600) }),
    ).rejects.toBeInstanceOf(TaskResultTooLargeError);
    expect(await store.get(task.id, 'sub:alice')).toMatchObject({ status: 'working' });
  });
});

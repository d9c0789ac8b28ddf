import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import {
  CallToolResultSchema,
  ElicitRequestSchema,
  RELATED_TASK_META_KEY,
  type ElicitRequest,
} from '@modelcontextprotocol/sdk/types.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JsonRpcCode } from '../src/index.js';
import { connectV1Client, startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { TaskE2eTools, tasksModule } from './fixtures/tasks.module.js';

/*
 * The 2025-11-25 experimental tasks (SEP-1686) through the SDK v1 client's
 * own API (`client.experimental.tasks`): task-augmented tools/call, tasks/get,
 * tasks/result (relaying the task's questions), tasks/list, tasks/cancel.
 */

type StreamMessage = { type: string; task?: { taskId: string; status: string }; result?: unknown; error?: unknown };

let running: RunningMcpApp;
const clients: Client[] = [];
beforeAll(async () => {
  running = await startMcpApp(tasksModule());
});
afterAll(() => running.close());
afterEach(async () => {
  await Promise.all(clients.splice(0).map((client) => client.close()));
});

/** A v1 client that lists the tools (so it knows which run as tasks) and answers forms with `elicit`. */
async function v1Client(elicit?: (request: ElicitRequest) => Record<string, unknown>): Promise<Client> {
  const { client } = await connectV1Client(running.url, { capabilities: elicit ? { elicitation: {} } : {} });
  clients.push(client);
  if (elicit) client.setRequestHandler(ElicitRequestSchema, (request) => elicit(request) as never);
  await client.listTools();
  return client;
}

/** Every message of a task-augmented call, to its end. */
async function streamed(client: Client, name: string, args: Record<string, unknown> = {}): Promise<StreamMessage[]> {
  const messages: StreamMessage[] = [];
  for await (const message of client.experimental.tasks.callToolStream({ name, arguments: args })) {
    messages.push(message as StreamMessage);
  }
  return messages;
}

/** Starts a task (task-augmented tools/call) and returns its id, without waiting for its end. */
async function startTask(client: Client, name: string, args: Record<string, unknown> = {}): Promise<string> {
  const stream = client.experimental.tasks.callToolStream({ name, arguments: args });
  const first = (await stream.next()).value as StreamMessage;
  expect(first.type).toBe('taskCreated');
  void stream.return();
  return first.task!.taskId;
}

const codeOf = (promise: Promise<unknown>) =>
  promise.then(
    () => 'resolved',
    (error: { code?: number }) => error.code,
  );

describe('tasks, 2025-11-25, through the SDK v1 client', () => {
  it('advertises capabilities.tasks, and tools/list shows each tool’s execution.taskSupport', async () => {
    const client = await v1Client();
    expect(client.getServerCapabilities()?.tasks).toMatchObject({
      list: {},
      cancel: {},
      requests: { tools: { call: {} } },
    });
    const { tools } = await client.listTools();
    const support = Object.fromEntries(tools.map((tool) => [tool.name, tool.execution?.taskSupport]));
    expect(support).toMatchObject({ wait: 'optional', only_task: 'required' });
    expect(support.plain ?? 'forbidden').toBe('forbidden');
  });

  it('a task-augmented call is created, polled and completes with its result', async () => {
    const client = await v1Client();
    const messages = await streamed(client, 'wait', { label: 'v1', ms: 200 });
    expect(messages[0]).toMatchObject({ type: 'taskCreated', task: { status: 'working' } });
    expect(messages.some((m) => m.type === 'taskStatus' && m.task?.status === 'completed')).toBe(true);
    const taskId = messages[0]!.task!.taskId;
    expect(messages.at(-1)).toEqual({
      type: 'result',
      // tasks/result names the task it answers for.
      result: { content: [{ type: 'text', text: 'waited v1' }], _meta: { [RELATED_TASK_META_KEY]: { taskId } } },
    });
    expect(await client.experimental.tasks.getTask(taskId)).toMatchObject({ taskId, status: 'completed' });
  });

  it('a question puts the task in input_required; tasks/result relays it to the client, and the task completes with the answer', async () => {
    const asked: ElicitRequest['params'][] = [];
    const client = await v1Client((request) => {
      asked.push(request.params);
      return { action: 'accept', content: { name: 'Grace' } };
    });
    const taskId = await startTask(client, 'ask_name');
    await expect.poll(async () => (await client.experimental.tasks.getTask(taskId)).status).toBe('input_required');
    const result = await client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
    expect(result.content).toEqual([{ type: 'text', text: 'Hello, Grace' }]);
    expect(asked).toHaveLength(1);
    expect(asked[0]).toMatchObject({ message: 'Your name?' });
    expect(await client.experimental.tasks.getTask(taskId)).toMatchObject({ status: 'completed' });
  });

  it('the streamed call goes through input_required to its result on its own', async () => {
    const client = await v1Client(() => ({ action: 'accept', content: { name: 'Linus' } }));
    const messages = await streamed(client, 'ask_name');
    expect(messages.at(-1)).toMatchObject({
      type: 'result',
      result: { content: [{ type: 'text', text: 'Hello, Linus' }] },
    });
  });

  it('tasks/result of a task that failed with a protocol error answers with that error', async () => {
    const client = await v1Client();
    const taskId = await startTask(client, 'protocol_fails');
    const result = client.experimental.tasks.getTaskResult(taskId, CallToolResultSchema);
    await expect(result).rejects.toMatchObject({
      code: JsonRpcCode.InvalidParams,
      message: expect.stringContaining('the job was asked for nonsense'),
    });
    expect(await client.experimental.tasks.getTask(taskId)).toMatchObject({ status: 'failed' });
  });

  it('tasks/list shows only the caller’s tasks', async () => {
    const mine = await v1Client();
    const theirs = await v1Client();
    const a = await startTask(mine, 'wait', { ms: 0 });
    const b = await startTask(mine, 'wait', { ms: 0 });
    const c = await startTask(theirs, 'wait', { ms: 0 });
    const listed = (client: Client) =>
      client.experimental.tasks.listTasks().then(({ tasks }) => tasks.map((task) => task.taskId));
    expect((await listed(mine)).sort()).toEqual([a, b].sort());
    expect(await listed(theirs)).toEqual([c]);
    expect(await codeOf(theirs.experimental.tasks.getTask(a))).toBe(JsonRpcCode.InvalidParams);
  });

  it('tasks/cancel cancels a running task (the tool sees its signal abort); on a settled task it is -32602', async () => {
    const client = await v1Client();
    const taskId = await startTask(client, 'wait', { label: 'v1-cancel', ms: 30_000 });
    expect(await client.experimental.tasks.cancelTask(taskId)).toMatchObject({ taskId, status: 'cancelled' });
    await expect.poll(() => running.app.get(TaskE2eTools).events).toContain('aborted:v1-cancel');
    expect(await client.experimental.tasks.getTask(taskId)).toMatchObject({ status: 'cancelled' });
    expect(await codeOf(client.experimental.tasks.cancelTask(taskId))).toBe(JsonRpcCode.InvalidParams);
  });

  it('a required tool called without a task gets -32601; a plain tool called with one gets -32601', async () => {
    const client = await v1Client();
    const events = running.app.get(TaskE2eTools).events;
    // Sent as requests: the client's own `callTool` refuses a required tool before sending.
    const required = client.request(
      { method: 'tools/call', params: { name: 'only_task', arguments: { label: 'v1-required' } } },
      CallToolResultSchema,
    );
    expect(await codeOf(required)).toBe(JsonRpcCode.MethodNotFound);
    expect(events).not.toContain('ran:v1-required');
    const plain = client.request(
      { method: 'tools/call', params: { name: 'plain', arguments: {} } },
      CallToolResultSchema,
      { task: {} },
    );
    expect(await codeOf(plain)).toBe(JsonRpcCode.MethodNotFound);
  });
});

describe('tasks/result waits, 2025-11-25: what a client can make the server hold', () => {
  let bounded: RunningMcpApp;
  beforeAll(async () => {
    bounded = await startMcpApp(tasksModule({ maxCallsInFlightPerPrincipal: 2 }));
  });
  afterAll(() => bounded.close());

  it('counts each waiting tasks/result as a call in flight: past the caller’s bound, one more is refused (429)', async () => {
    const { client } = await connectV1Client(bounded.url);
    clients.push(client);
    await client.listTools();
    const stream = client.experimental.tasks.callToolStream({ name: 'wait', arguments: { ms: 5_000 } });
    const taskId = ((await stream.next()).value as StreamMessage).task!.taskId;
    void stream.return();
    const waits = [client.experimental.tasks.getTaskResult(taskId), client.experimental.tasks.getTaskResult(taskId)];
    for (const wait of waits) wait.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(await codeOf(client.experimental.tasks.getTaskResult(taskId))).toBe(429);
    await client.experimental.tasks.cancelTask(taskId);
  });
});

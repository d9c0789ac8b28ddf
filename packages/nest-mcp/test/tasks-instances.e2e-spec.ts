import type { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { describe, expect, it } from 'vitest';
import { JsonRpcCode } from '../src/index.js';
import { hs256, ISSUER, SECRET } from './support/hs256-tokens.js';
import { post } from './support/raw-http.js';
import { balancedInstances } from './support/balanced-instances.js';

/** One audience for every instance: behind a balancer, a token is for the service, not for one port. */
const AUDIENCE = 'https://tasks.example.test/mcp';
/** How soon the tasks of an instance killed without a word settle (`MCP_TASK_INSTANCE_LEASE_MS`). */
const LEASE_MS = 1_000;
const TASKS_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': { extensions: { 'io.modelcontextprotocol/tasks': {} } },
};

interface WireTask {
  taskId: string;
  status: string;
  statusMessage?: string;
  inputRequests?: Record<string, { method: string; params: { message: string } }>;
  result?: { content: { type: string; text: string }[]; isError?: boolean };
  error?: { code: number; message: string };
}
interface Answer {
  result?: WireTask & Record<string, unknown>;
  error?: { code: number; message: string };
}

/** A token for `subject`, fresh each time (its own `jti`): a refreshed token is another string for the same subject. */
const tokenFor = (subject: string) =>
  hs256({ sub: subject, aud: AUDIENCE, scope: 'notes:read', jti: crypto.randomUUID() });

let requestId = 0;

/** A 2026-07-28 request declaring the tasks extension, with its standard headers (`Mcp-Name` mirrors the tool or task). */
async function modern(url: URL, token: string, method: string, params: Record<string, unknown>): Promise<Answer> {
  const name = (params.name ?? params.taskId) as string | undefined;
  const response = await post(
    url,
    { jsonrpc: '2.0', id: ++requestId, method, params: { ...params, _meta: TASKS_META } },
    {
      authorization: `Bearer ${token}`,
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(name !== undefined && { 'mcp-name': name }),
    },
  );
  return (await response.json()) as Answer;
}

/** Starts a task of `tool` at `url`: the CreateTaskResult's task id. */
async function startTask(url: URL, token: string, tool: string, args: Record<string, unknown>): Promise<string> {
  const created = await modern(url, token, 'tools/call', { name: tool, arguments: args });
  expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });
  return created.result!.taskId;
}

const getTask = async (url: URL, token: string, taskId: string): Promise<WireTask> => {
  const answer = await modern(url, token, 'tasks/get', { taskId });
  if (!answer.result) throw new Error(`tasks/get answered ${JSON.stringify(answer.error)}`);
  return answer.result;
};

/** Polls `tasks/get` at `url` until the task is `status`, within `timeout`. */
async function untilStatus(url: URL, token: string, taskId: string, status: string, timeout = 10_000) {
  let task: WireTask | undefined;
  await expect
    .poll(async () => (task = await getTask(url, token, taskId)).status, { timeout, interval: 100 })
    .toBe(status);
  return task!;
}

/**
 * A 2025-11-25 SDK v1 client whose bearer token the test may replace at any
 * time (as a client refreshing its token does): each request carries `token()`.
 */
async function connectV1(url: URL, token: () => string, approve?: (message: string) => boolean): Promise<V1Client> {
  const [{ Client }, { StreamableHTTPClientTransport }, { ElicitRequestSchema }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  const capabilities = approve ? { elicitation: { form: {} } } : {};
  const client = new Client({ name: 'tasks-v1', version: '1.0.0' }, { capabilities });
  if (approve) {
    client.setRequestHandler(ElicitRequestSchema, ({ params }) => ({
      action: 'accept',
      content: { approve: approve(params.message) },
    }));
  }
  const withToken: typeof fetch = (input, init) => {
    const headers = new Headers(init?.headers);
    headers.set('authorization', `Bearer ${token()}`);
    return fetch(input, { ...init, headers });
  };
  await client.connect(new StreamableHTTPClientTransport(url, { fetch: withToken }));
  return client;
}

describe('tasks across instances on one Redis', () => {
  const cluster = balancedInstances({
    MCP_JWT_SECRET: SECRET,
    MCP_JWT_ISSUER: ISSUER,
    MCP_JWT_AUDIENCE: AUDIENCE,
    MCP_TASK_INSTANCE_LEASE_MS: String(LEASE_MS),
    MCP_TASK_POLL_INTERVAL_MS: '200',
  });

  it('answers tasks/get on B for a task created on A: working, then completed with its result', async () => {
    const token = await tokenFor('alice');
    const taskId = await startTask(cluster.a.url, token, 'long_export', { label: 'get-on-b', seconds: 2 });
    const working = await getTask(cluster.b.url, token, taskId);
    expect(working).toMatchObject({ taskId, status: 'working' });
    await expect
      .poll(async () => (await getTask(cluster.b.url, token, taskId)).statusMessage)
      .toMatch(/exporting get-on-b/);

    const completed = await untilStatus(cluster.b.url, token, taskId, 'completed');
    expect(completed.result).toEqual({ content: [{ type: 'text', text: 'Exported get-on-b in 2s' }] });
    expect(await getTask(cluster.a.url, token, taskId)).toMatchObject({
      status: 'completed',
      result: completed.result,
    });
    // It ran on A alone.
    expect(cluster.a.output).toContain('export get-on-b finished');
    expect(cluster.b.output).not.toContain('export get-on-b started');
  });

  it("takes on B the answer to the question A's task asks, and A's task completes with it", async () => {
    const token = await tokenFor('bob');
    const taskId = await startTask(cluster.a.url, token, 'approved_export', { label: 'approve-on-b', seconds: 1 });
    const asking = await untilStatus(cluster.b.url, token, taskId, 'input_required');
    expect(asking.inputRequests).toMatchObject({
      approve: { method: 'elicitation/create', params: { message: 'Export approve-on-b?' } },
    });

    const update = await modern(cluster.b.url, token, 'tasks/update', {
      taskId,
      inputResponses: { approve: { action: 'accept', content: { approve: true } } },
    });
    expect(update.error).toBeUndefined();
    const completed = await untilStatus(cluster.b.url, token, taskId, 'completed');
    expect(completed.result?.content[0]?.text).toBe('Exported approve-on-b after approval');
  });

  it("stops A's call on tasks/cancel sent to B: the tool's signal aborts, and the task is cancelled on A and B", async () => {
    const token = await tokenFor('carol');
    const taskId = await startTask(cluster.a.url, token, 'long_export', { label: 'cancel-on-b', seconds: 30 });
    await expect.poll(() => cluster.a.output).toContain('export cancel-on-b started');

    const cancel = await modern(cluster.b.url, token, 'tasks/cancel', { taskId });
    expect(cancel.error).toBeUndefined();
    expect((await getTask(cluster.b.url, token, taskId)).status).toBe('cancelled');
    expect((await getTask(cluster.a.url, token, taskId)).status).toBe('cancelled');
    await expect.poll(() => cluster.a.output, { timeout: 3_000 }).toContain('export cancel-on-b aborted');
    // Acknowledged again, idempotent, from either instance.
    expect((await modern(cluster.a.url, token, 'tasks/cancel', { taskId })).error).toBeUndefined();
  });

  it('serves a 2025-11-25 SDK v1 client on B for tasks created on A: tasks/get, tasks/list, tasks/result (relaying their questions), tasks/cancel', async () => {
    const token = await tokenFor('dave');
    const asked: string[] = [];
    const [onA, onB, approverOnB] = await Promise.all([
      connectV1(cluster.a.url, () => token),
      connectV1(cluster.b.url, () => token),
      connectV1(
        cluster.b.url,
        () => token,
        (message) => (asked.push(message), true),
      ),
    ]);
    try {
      const { CallToolResultSchema, CreateTaskResultSchema } = await import('@modelcontextprotocol/sdk/types.js');
      const create = (label: string, seconds: number) =>
        onA.request(
          {
            method: 'tools/call',
            params: { name: 'long_export', arguments: { label, seconds }, task: { ttl: 60_000 } },
          },
          CreateTaskResultSchema,
        );
      const { task } = await create('v1-result', 1);
      expect(task.status).toBe('working');
      expect((await onB.experimental.tasks.getTask(task.taskId)).status).toBe('working');
      const { tasks } = await onB.experimental.tasks.listTasks();
      expect(tasks.map(({ taskId }) => taskId)).toContain(task.taskId);
      const result = await onB.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
      expect(result.content).toEqual([{ type: 'text', text: 'Exported v1-result in 1s' }]);

      // tasks/result on B relays the question A's task asks, and takes the answer back to it.
      const { task: asking } = await onA.request(
        {
          method: 'tools/call',
          params: { name: 'approved_export', arguments: { label: 'v1-approve', seconds: 1 }, task: { ttl: 60_000 } },
        },
        CreateTaskResultSchema,
      );
      const approved = await approverOnB.experimental.tasks.getTaskResult(asking.taskId, CallToolResultSchema);
      expect(approved.content).toEqual([{ type: 'text', text: 'Exported v1-approve after approval' }]);
      expect(asked).toEqual(['Export v1-approve?']);

      const { task: long } = await create('v1-cancel', 30);
      await expect.poll(() => cluster.a.output).toContain('export v1-cancel started');
      expect((await onB.experimental.tasks.cancelTask(long.taskId)).status).toBe('cancelled');
      await expect.poll(() => cluster.a.output, { timeout: 3_000 }).toContain('export v1-cancel aborted');
      expect((await onA.experimental.tasks.getTask(long.taskId)).status).toBe('cancelled');
    } finally {
      await Promise.all([onA.close(), onB.close(), approverOnB.close()]);
    }
  });

  it("answers not-found for another principal's task on every instance, and leaves the task alone", async () => {
    const owner = await tokenFor('erin');
    const other = await tokenFor('mallory');
    const taskId = await startTask(cluster.a.url, owner, 'long_export', { label: 'not-yours', seconds: 5 });
    for (const url of [cluster.a.url, cluster.b.url]) {
      for (const [method, params] of [
        ['tasks/get', { taskId }],
        ['tasks/cancel', { taskId }],
        ['tasks/update', { taskId, inputResponses: { approve: { action: 'accept', content: { approve: true } } } }],
      ] as const) {
        const answer = await modern(url, other, method, params);
        expect(answer.error, `${method} on ${url.port}`).toMatchObject({
          code: JsonRpcCode.InvalidParams,
          message: expect.stringMatching(/not found/i),
        });
      }
    }
    const stranger = await connectV1(cluster.b.url, () => other);
    try {
      await expect(stranger.experimental.tasks.getTask(taskId)).rejects.toThrow(/not found/i);
      expect((await stranger.experimental.tasks.listTasks()).tasks).toEqual([]);
    } finally {
      await stranger.close();
    }
    expect((await getTask(cluster.b.url, owner, taskId)).status).toBe('working');
    await untilStatus(cluster.a.url, owner, taskId, 'completed');
  });

  it('completes through a round-robin balancer, every poll on the other instance, with the token refreshed and the first connection dropped', async () => {
    let token = await tokenFor('frank');
    const first = await connectV1(cluster.balanced, () => token);
    const { CreateTaskResultSchema, CallToolResultSchema } = await import('@modelcontextprotocol/sdk/types.js');
    const { task } = await first.request(
      {
        method: 'tools/call',
        params: { name: 'long_export', arguments: { label: 'balanced', seconds: 3 }, task: { ttl: 60_000 } },
      },
      CreateTaskResultSchema,
    );
    // The client goes away without a word (its session and connections are dropped, not ended).
    await first.close();
    const modernTaskId = await startTask(cluster.balanced, token, 'long_export', {
      label: 'balanced-modern',
      seconds: 3,
    });

    token = await tokenFor('frank');
    const from = cluster.proxy.requests.length;
    const second = await connectV1(cluster.balanced, () => token);
    try {
      await expect
        .poll(async () => (await second.experimental.tasks.getTask(task.taskId)).status, { timeout: 10_000 })
        .toBe('completed');
      const result = await second.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema);
      expect(result.content).toEqual([{ type: 'text', text: 'Exported balanced in 3s' }]);
    } finally {
      await second.close();
    }
    const completed = await untilStatus(cluster.balanced, token, modernTaskId, 'completed');
    expect(completed.result?.content[0]?.text).toBe('Exported balanced-modern in 3s');

    // The balancer sent each request to the next instance: both served the polls, many times each.
    const served = cluster.proxy.requests.slice(from).map(({ upstream }) => upstream);
    expect(served.filter((upstream) => upstream === 0).length).toBeGreaterThan(3);
    expect(served.filter((upstream) => upstream === 1).length).toBeGreaterThan(3);
  });

  it('settles as failed the tasks of an instance killed mid-task, seen from B within the lease: tasks/get, and a 2025 tasks/result waiting on B', async () => {
    const c = await cluster.startInstance();
    const token = await tokenFor('grace');
    const waiter = await connectV1(cluster.b.url, () => token);
    let legacy: V1Client | undefined;
    try {
      const modernTaskId = await startTask(c.url, token, 'long_export', { label: 'killed', seconds: 30 });
      legacy = await connectV1(c.url, () => token);
      const { CallToolResultSchema, CreateTaskResultSchema } = await import('@modelcontextprotocol/sdk/types.js');
      const { task } = await legacy.request(
        {
          method: 'tools/call',
          params: { name: 'long_export', arguments: { label: 'killed-legacy', seconds: 30 }, task: { ttl: 60_000 } },
        },
        CreateTaskResultSchema,
      );
      const waiting = waiter.experimental.tasks.getTaskResult(task.taskId, CallToolResultSchema).then(
        (result) => ({ result }),
        (error: Error) => ({ error }),
      );
      await expect.poll(() => c.output).toContain('export killed-legacy started');
      expect((await getTask(cluster.b.url, token, modernTaskId)).status).toBe('working');

      c.signal('SIGKILL');
      await c.exit();
      const killedAt = Date.now();
      const failed = await untilStatus(cluster.b.url, token, modernTaskId, 'failed', 5_000);
      expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + 2_000);
      expect(failed.error).toEqual({
        code: JsonRpcCode.InternalError,
        message: 'The server instance running this task stopped',
      });
      expect(failed.statusMessage).toBe('The server instance running this task stopped');
      expect(await getTask(cluster.a.url, token, modernTaskId)).toMatchObject({
        status: 'failed',
        error: failed.error,
      });

      const ended = await waiting;
      expect(Date.now() - killedAt).toBeLessThan(LEASE_MS + 3_000);
      expect('error' in ended && ended.error.message).toMatch(/instance running this task stopped/);
      expect((await waiter.experimental.tasks.getTask(task.taskId)).status).toBe('failed');
    } finally {
      await Promise.all([waiter.close(), legacy?.close()]);
      await c.stop();
    }
  });

  it('stops the call of an instance taken for dead while frozen past its lease: the task stays failed', async () => {
    const c = await cluster.startInstance();
    try {
      const token = await tokenFor('heidi');
      const taskId = await startTask(c.url, token, 'long_export', { label: 'frozen', seconds: 30 });
      await expect.poll(() => c.output).toContain('export frozen started');
      // A process stalled (stopped, swapping, blocked) past its lease is dead for the others.
      c.signal('SIGSTOP');
      const failed = await untilStatus(cluster.b.url, token, taskId, 'failed', 5_000);
      c.signal('SIGCONT');
      // Woken, it hears that its task is settled: the call has no one to answer to any more.
      await expect.poll(() => c.output, { timeout: 5_000 }).toContain('export frozen aborted');
      expect(await getTask(c.url, token, taskId)).toMatchObject({ status: 'failed', error: failed.error });
    } finally {
      c.signal('SIGCONT');
      await c.stop();
    }
  });
});

import { Injectable, Module } from '@nestjs/common';
import { TaskStatusNotificationSchema } from '@modelcontextprotocol/sdk/types.js';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpModule, Tool, type McpContext } from '../src/index.js';
import { connectV1Client, startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { post, readEvents, type SseEvent } from './support/raw-http.js';

/*
 * Task status as notifications: on 2026-07-28 a subscriptions/listen naming
 * task ids (SEP-2663), on 2025-11-25 notifications/tasks/status to the
 * session. Polling stays the default; these only save the polls.
 */

@Injectable()
class SlowTools {
  @Tool({ name: 'slow', task: 'optional', input: z.object({ ms: z.number() }) })
  async slow({ ms }: { ms: number }, ctx: McpContext) {
    await ctx.reportProgress(1, 2, 'halfway');
    await sleep(ms, undefined, { signal: ctx.signal });
    return `slept ${ms}`;
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'notes-of-tasks', version: '1.0.0' })], providers: [SlowTools] })
class TaskNotificationsModule {}

const TASKS = { 'io.modelcontextprotocol/tasks': {} };
const envelope = (capabilities: object) => ({
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': capabilities,
});

describe('task status notifications', () => {
  let running: RunningMcpApp;
  let id = 0;
  const modern = (method: string, params: Record<string, unknown>, capabilities: object = { extensions: TASKS }) =>
    post(
      running.url,
      { jsonrpc: '2.0', id: ++id, method, params: { ...params, _meta: envelope(capabilities) } },
      {
        'mcp-protocol-version': '2026-07-28',
        'mcp-method': method,
        ...(typeof params.name === 'string' && { 'mcp-name': params.name }),
      },
    );
  const answerOf = async (response: Response) => {
    const text = await response.text();
    const data = text.startsWith('{') ? text : /^data: (.*)$/m.exec(text)![1]!;
    return JSON.parse(data) as { result?: Record<string, unknown>; error?: { code: number; message: string } };
  };

  beforeAll(async () => {
    running = await startMcpApp(TaskNotificationsModule);
  });
  afterAll(() => running.close());

  it('2026-07-28: a listen on task ids acknowledges the caller’s tasks, sends each state, and ends when they have', async () => {
    const created = await answerOf(await modern('tools/call', { name: 'slow', arguments: { ms: 600 } }));
    const taskId = created.result!.taskId as string;
    expect(created.result).toMatchObject({ resultType: 'task', status: 'working' });

    const listen = await modern('subscriptions/listen', { notifications: { taskIds: [taskId, 'no-such-task'] } });
    expect(listen.headers.get('content-type')).toBe('text/event-stream');
    const events = await readEvents(listen, (seen) =>
      seen.some((event) => (event.data as { result?: unknown }).result),
    );
    const messages = events.map((event: SseEvent) => event.data as Record<string, any>);

    expect(messages[0]).toMatchObject({
      method: 'notifications/subscriptions/acknowledged',
      params: { notifications: { taskIds: [taskId] } },
    });
    const states = messages.filter((m) => m.method === 'notifications/tasks').map((m) => m.params);
    expect(states[0]).toMatchObject({ taskId, status: 'working' });
    expect(states.at(-1)).toMatchObject({ taskId, status: 'completed', result: { content: [{ text: 'slept 600' }] } });
    // Each notification names its listen (the listen request's id).
    const subscription = messages[0].params._meta['io.modelcontextprotocol/subscriptionId'];
    expect(subscription).toBe(id);
    for (const state of states) expect(state._meta['io.modelcontextprotocol/subscriptionId']).toBe(subscription);
    expect(messages.at(-1)).toMatchObject({ result: { resultType: 'complete' } });
  });

  it('2026-07-28: a listen on task ids without the extension is refused with -32021', async () => {
    const reply = await answerOf(await modern('subscriptions/listen', { notifications: { taskIds: ['x'] } }, {}));
    expect(reply.error).toMatchObject({
      code: -32021,
      data: { requiredCapabilities: { extensions: TASKS } },
    });
  });

  it('2026-07-28: a listen naming too many task ids is refused, holding nothing', async () => {
    const taskIds = Array.from({ length: 101 }, (_, i) => `t${i}`);
    const reply = await answerOf(await modern('subscriptions/listen', { notifications: { taskIds } }));
    expect(reply.error).toMatchObject({ code: -32602 });
  });

  it('2025-11-25: the session hears notifications/tasks/status as its task changes', async () => {
    const { client } = await connectV1Client(running.url);
    const statuses: string[] = [];
    client.setNotificationHandler(TaskStatusNotificationSchema, (notification) => {
      statuses.push(notification.params.status);
    });
    const stream = client.experimental.tasks.callToolStream({ name: 'slow', arguments: { ms: 300 } }, undefined, {
      task: { ttl: 60_000 },
    });
    for await (const message of stream) if (message.type === 'result' || message.type === 'error') break;
    await expect.poll(() => statuses).toContain('completed');
    await client.close();
  });
});

import { Injectable, Module } from '@nestjs/common';
import { getEventListeners } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { McpLifecycle } from '../src/lifecycle/mcp-lifecycle.service.js';
import { McpModule, Tool } from '../src/index.js';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { post } from './support/raw-http.js';

const TASKS_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': { extensions: { 'io.modelcontextprotocol/tasks': {} } },
};

@Injectable()
class QuickTaskTools {
  @Tool({ name: 'quick_task', description: 'A task that ends at once', task: 'optional' })
  quickTask(): string {
    return 'done';
  }

  @Tool({
    name: 'early_answer',
    description: 'Answers before it would become a task',
    task: 'optional',
    taskAfterMs: 10_000,
    input: z.object({ n: z.number() }),
  })
  earlyAnswer({ n }: { n: number }): string {
    return `answered ${n}`;
  }
}

@Module({ imports: [McpModule.forRoot({ name: 'task-release', version: '1.0.0' })], providers: [QuickTaskTools] })
class TaskReleaseModule {}

/** A 2026-07-28 request from a client that declares the tasks extension. */
async function call(url: URL, method: string, params: Record<string, unknown>, name: string) {
  const body = { jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: TASKS_META } };
  const headers = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': method, 'mcp-name': name };
  const response = await post(url, body, headers);
  return ((await response.json()) as { result: Record<string, unknown> }).result;
}

/**
 * A call that may become a task listens to the server's shutdown signal (a
 * shutdown ends it); once it has ended, the server must let go of it, or every
 * task call ever made stays in memory until the process stops.
 */
describe('task-capable calls let go of the server once they end', () => {
  let running: RunningMcpApp;
  let shutdown: AbortSignal;
  beforeAll(async () => {
    running = await startMcpApp(TaskReleaseModule);
    shutdown = running.app.get(McpLifecycle).shutdownSignal;
  });
  afterAll(() => running.close());

  const listeners = () => getEventListeners(shutdown, 'abort').length;

  it('calls that became tasks and settled', async () => {
    const before = listeners();
    for (let i = 0; i < 10; i++) {
      const created = await call(running.url, 'tools/call', { name: 'quick_task', arguments: {} }, 'quick_task');
      expect(created.resultType).toBe('task');
      const taskId = created.taskId as string;
      for (let tries = 0; ; tries++) {
        const task = await call(running.url, 'tasks/get', { taskId }, taskId);
        if (task.status === 'completed') break;
        expect(tries).toBeLessThan(100);
        await sleep(10);
      }
    }
    expect(listeners()).toBe(before);
  });

  it('calls that answered before becoming tasks, and calls refused for bad arguments', async () => {
    const before = listeners();
    for (let i = 0; i < 10; i++) {
      const answered = await call(
        running.url,
        'tools/call',
        { name: 'early_answer', arguments: { n: i } },
        'early_answer',
      );
      expect(answered.content).toEqual([{ type: 'text', text: `answered ${i}` }]);
      const refused = await call(
        running.url,
        'tools/call',
        { name: 'early_answer', arguments: { n: 'x' } },
        'early_answer',
      );
      expect(refused.isError).toBe(true);
    }
    expect(listeners()).toBe(before);
  });
});

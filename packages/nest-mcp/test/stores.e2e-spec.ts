import { Module } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { afterEach, describe, expect, it } from 'vitest';
import {
  InMemoryTaskSignals,
  MCP_TASK_STORE,
  McpModule,
  type InstanceLiveness,
  type TaskSignals,
  type TaskStore,
} from '../src/index.js';
import { tasksModule } from './fixtures/tasks.module.js';
import { modernRpc } from './support/modern-rpc.js';
import { LegacySessions } from '../src/transport/legacy-sessions.js';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { FeatureContent } from './fixtures/feature.content.js';
import { featureModule } from './fixtures/feature.module.js';
import { FeatureTools } from './fixtures/feature.tools.js';
import { Probe } from './fixtures/probe.service.js';
import { CountingEventStore, SessionTable, SessionTableModule, TableSessionStore } from './fixtures/user-stores.js';
import {
  initializeBody,
  listTools,
  openSession,
  post,
  readEvents,
  resumeStream,
  sessionHeaders,
  slowProgressCall,
} from './support/raw-http.js';

const withTableSessions = { imports: [SessionTableModule], sessions: { useClass: TableSessionStore } };

describe('stores of the app’s own, plugged through `stores`', () => {
  let running: RunningMcpApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('keeps 2025-era sessions in the app’s session store: created, updated, rebuilt after parking, deleted', async () => {
    running = await startMcpApp(featureModule({ sessionParkMs: 150, stores: withTableSessions }));
    const table = running.app.get(SessionTable);
    const sessionId = await openSession(running.url);
    expect(table.calls).toEqual([`create ${sessionId}`]);
    expect(table.rows.get(sessionId)?.record.initialize).toMatchObject({ method: 'initialize' });

    const subscribe = { jsonrpc: '2.0', id: 3, method: 'resources/subscribe', params: { uri: 'test://watched' } };
    expect((await post(running.url, subscribe, sessionHeaders(sessionId))).status).toBe(200);
    await expect.poll(() => table.rows.get(sessionId)?.record.subscriptions).toEqual(['test://watched']);

    const sessions = running.app.get(LegacySessions);
    // Parked: nothing of it held here but its record, in the app's store.
    await expect.poll(() => sessions.counts.live, { timeout: 3_000 }).toBe(0);
    expect(table.calls).not.toContain(`load ${sessionId}`);
    expect((await post(running.url, listTools(), sessionHeaders(sessionId))).status).toBe(200);
    expect(table.calls).toContain(`load ${sessionId}`);
    expect(sessions.counts.live).toBe(1);

    const ended = await fetch(running.url, { method: 'DELETE', headers: sessionHeaders(sessionId) });
    expect(ended.status).toBe(200);
    await expect.poll(() => table.rows.has(sessionId)).toBe(false);
    expect(table.calls).toContain(`delete ${sessionId}`);
  });

  it('takes the app’s session store as the truth: a session it no longer has is gone', async () => {
    running = await startMcpApp(featureModule({ stores: withTableSessions }));
    const table = running.app.get(SessionTable);
    const sessionId = await openSession(running.url);
    expect((await post(running.url, listTools(), sessionHeaders(sessionId))).status).toBe(200);
    table.rows.delete(sessionId);
    expect((await post(running.url, listTools(), sessionHeaders(sessionId))).status).toBe(404);
  });

  it('keeps resumable events in the app’s event store, given to forRootAsync', async () => {
    const events = new CountingEventStore();
    @Module({
      imports: [
        McpModule.forRootAsync({
          useFactory: () => ({ name: 'features', version: '1.0.0' }),
          stores: { events: { useFactory: () => events } },
        }),
      ],
      providers: [Probe, FeatureTools, FeatureContent],
    })
    class AsyncStoresModule {}
    running = await startMcpApp(AsyncStoresModule);
    const sessionId = await openSession(running.url);
    const call = await post(running.url, slowProgressCall(3), sessionHeaders(sessionId));
    const before = await readEvents(call, (seen) => seen.filter((event) => event.data !== undefined).length >= 1);
    const lastEventId = before.at(-1)!.id!;
    expect(events.stored.every((stream) => stream.startsWith(`${sessionId}/`))).toBe(true);
    expect(events.stored.length).toBeGreaterThan(0);

    const resumed = await resumeStream(running.url, lastEventId, sessionHeaders(sessionId));
    expect(resumed.status).toBe(200);
    const after = await readEvents(resumed, (seen) => seen.some((event) => (event.data as { id?: number }).id === 7));
    expect(after.at(-1)!.data).toMatchObject({ id: 7, result: { content: [{ text: 'done after 3 steps' }] } });
    expect(events.replayedAfter).toContain(lastEventId);

    await fetch(running.url, { method: 'DELETE', headers: sessionHeaders(sessionId) });
    await expect.poll(() => events.forgotten).toContain(sessionId);
  });

  it('counts requests in the app’s throttler storage', async () => {
    const keys: string[] = [];
    const storage: ThrottlerStorage = {
      increment: async (key) => {
        keys.push(key);
        return { totalHits: 1_000, timeToExpire: 60, isBlocked: true, timeToBlockExpire: 7 };
      },
    };
    running = await startMcpApp(featureModule({ stores: { throttler: { useValue: storage } } }));
    const refused = await post(running.url, initializeBody());
    expect(refused.status).toBe(429);
    expect(refused.headers.get('retry-after')).toBe('7');
    expect(keys).toEqual([expect.stringContaining('mcp:endpoint:default:')]);
  });

  it('runs tasks with the app’s task signals and instance liveness', async () => {
    const local = new InMemoryTaskSignals();
    const published: string[] = [];
    const signals: TaskSignals = {
      publish: (taskId) => {
        published.push(taskId);
        local.publish(taskId);
      },
      subscribe: (taskId, listener) => local.subscribe(taskId, listener),
    };
    const liveness: InstanceLiveness = {
      id: 'instance-of-the-app',
      isAlive: async (instance) => instance === 'instance-of-the-app',
      release: async () => undefined,
    };
    const stores = { taskSignals: { useValue: signals }, instanceLiveness: { useValue: liveness } };
    running = await startMcpApp(tasksModule({ stores } as never));
    const created = await modernRpc(running.url, 'tools/call', { name: 'wait', arguments: { ms: 50 } });
    const taskId = created.result?.taskId as string;
    expect(taskId).toEqual(expect.any(String));
    await expect
      .poll(async () => (await modernRpc(running!.url, 'tasks/get', { taskId })).result?.status)
      .toBe('completed');
    expect(published).toContain(taskId);
    const record = await running.app.get<TaskStore>(MCP_TASK_STORE).get(taskId, 'ip:127.0.0.1');
    expect(record?.instance).toBe('instance-of-the-app');
  });

  it('refuses a store given without a provider kind, naming it', () => {
    expect(() => McpModule.forRoot({ name: 'x', version: '1', stores: { sessions: {} as never } })).toThrow(
      /stores\.sessions must have one of useClass, useExisting, useValue, useFactory/,
    );
  });
});

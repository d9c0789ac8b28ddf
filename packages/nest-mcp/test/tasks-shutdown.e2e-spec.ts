import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { JsonRpcCode } from '../src/index.js';
import { AppProcess, TASKS_FIXTURE_MAIN } from './support/fixture-app.js';
import { modernRpc } from './support/modern-rpc.js';
import { RedisServer } from './support/redis-server.js';

/*
 * SIGTERM drains tasks as it drains calls: a task that ends within the grace
 * period completes; one still running after it is cancelled and recorded as
 * failed by the shutdown. The records are on Redis, so a second process of
 * the service, started after the first has exited, shows how each ended.
 */

interface Task {
  taskId: string;
  status: string;
  result?: unknown;
  error?: { code: number; message: string };
}

const redis = new RedisServer();
const apps: AppProcess[] = [];
beforeAll(() => redis.start());
afterAll(() => redis.stop());
afterEach(async () => {
  await Promise.all(apps.splice(0).map((app) => app.stop()));
});

async function startApp(env: Record<string, string> = {}): Promise<AppProcess> {
  const app = await AppProcess.start(
    { REDIS_URL: redis.url, MCP_RATE_LIMIT: 'off', LOG_LEVEL: 'warn', ...env },
    TASKS_FIXTURE_MAIN,
  );
  apps.push(app);
  await app.ready();
  return app;
}

async function startTask(app: AppProcess, label: string, ms: number): Promise<string> {
  const reply = await modernRpc<Task & { resultType: string }>(app.url, 'tools/call', {
    name: 'wait',
    arguments: { label, ms },
  });
  expect(reply.result?.resultType, JSON.stringify(reply)).toBe('task');
  return reply.result!.taskId;
}

const taskOn = async (app: AppProcess, taskId: string): Promise<Task | undefined> =>
  (await modernRpc<Task>(app.url, 'tasks/get', { taskId })).result;

describe('tasks on SIGTERM', () => {
  it('a task ending within the grace completes; one running past it is settled failed, seen from another process', async () => {
    const first = await startApp({ MCP_SHUTDOWN_GRACE_MS: '1500' });
    const within = await startTask(first, 'within', 500);
    const past = await startTask(first, 'past', 30_000);
    expect((await taskOn(first, past))?.status).toBe('working');

    const signalledAt = Date.now();
    first.signal('SIGTERM');
    expect(await first.exit()).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(6_000);
    expect(first.output).toContain('grace period over: cancelling 1 call(s)');
    expect(first.output).not.toMatch(/\n\s+at /);

    const second = await startApp();
    expect(await taskOn(second, within)).toMatchObject({
      status: 'completed',
      result: { content: [{ type: 'text', text: 'waited within' }] },
    });
    expect(await taskOn(second, past)).toMatchObject({
      status: 'failed',
      error: { code: JsonRpcCode.ServiceUnavailable, message: 'The server shut down before the task finished' },
    });
  });
});

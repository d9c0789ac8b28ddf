import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { featureModule } from './fixtures/feature.module.js';
import { initializeBody, post, sessionHeaders } from './support/raw-http.js';
import { RedisServer } from './support/redis-server.js';

/** The gauges and store numbers an SRE charts, read from /metrics of an app on a real Redis. */
describe('metrics an SRE charts', () => {
  const redis = new RedisServer();
  let running: RunningMcpApp;
  beforeAll(async () => {
    await redis.start();
    running = await startMcpApp(featureModule({ redis: { url: redis.url, commandTimeoutMs: 300 } }), { logger: false });
  });
  afterAll(async () => {
    await running.close();
    await redis.stop();
  });

  const scrape = async () => (await fetch(new URL('/metrics', running.url))).text();
  const openSession = async () => {
    const response = await post(running.url, initializeBody());
    await response.text();
    return response.headers.get('mcp-session-id')!;
  };

  it('shows open streams by kind, the busiest principal, running tasks and Redis latency by store', async () => {
    await openSession();
    const session = await openSession();
    const stop = new AbortController();
    const stream = await fetch(running.url, {
      headers: { accept: 'text/event-stream', ...sessionHeaders(session) },
      signal: stop.signal,
    });
    expect(stream.status).toBe(200);
    const text = await scrape();
    stop.abort();
    expect(text).toMatch(/^mcp_open_streams\{kind="get"\} 1$/m);
    expect(text).toMatch(/^mcp_open_streams\{kind="listen"\} 0$/m);
    expect(text).toMatch(/^mcp_principal_max\{resource="sessions"\} 2$/m);
    expect(text).toMatch(/^mcp_principal_max\{resource="streams"\} 1$/m);
    expect(text).toMatch(/^mcp_principal_max\{resource="calls"\} 0$/m);
    expect(text).toMatch(/^mcp_tasks_running\{status="working"\} 0$/m);
    expect(text).toMatch(/^mcp_store_duration_seconds_count\{store="sessions",operation="\w+"\} [1-9]/m);
    expect(text).not.toMatch(/^mcp_store_errors_total\{/m);
  });

  it('counts the store errors of a Redis that is down', async () => {
    const port = redis.port;
    await redis.stop();
    const refused = await post(running.url, initializeBody());
    await refused.text();
    expect(refused.status).toBe(503);
    // The first store the request needs (its rate limit) fails it.
    expect(await scrape()).toMatch(/^mcp_store_errors_total\{store="throttling",operation="\w+"\} [1-9]/m);
    await redis.start(port);
  });
});

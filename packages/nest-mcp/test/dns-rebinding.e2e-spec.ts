import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { initializeBody, initializeWithHost, post } from './support/raw-http.js';
import { secureModule } from './fixtures/secure.module.js';

describe('DNS-rebinding protection', () => {
  let running: RunningMcpApp;
  beforeAll(async () => {
    running = await startMcpApp(secureModule({ mode: 'none', resourceUrl: 'http://127.0.0.1/mcp' }));
  });
  afterAll(() => running.close());

  it('refuses a foreign Origin or Host with 403, and lets loopback through', async () => {
    expect((await post(running.url, initializeBody(), { origin: 'http://evil.example' })).status).toBe(403);
    expect((await initializeWithHost(running.url, 'evil.example')).status).toBe(403);
    expect((await initializeWithHost(running.url, `localhost:${running.url.port}`)).status).toBe(200);
    const ok = await post(running.url, initializeBody(), { origin: `http://localhost:${running.url.port}` });
    expect(ok.status).toBe(200);
  });
});

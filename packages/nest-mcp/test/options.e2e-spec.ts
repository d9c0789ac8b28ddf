import { Logger, Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { McpModule } from '../src/index.js';
import { connectTestClient, startMcpApp, textOf, type RunningMcpApp } from '../src/testing/index.js';
import { featureModule } from './fixtures/feature.module.js';
import { initializeBody, post } from './support/raw-http.js';

/** The boot error of `rootModule`, which must fail to start. */
async function bootFailure(rootModule: unknown): Promise<Error> {
  const started = await startMcpApp(rootModule, { abortOnError: false, logger: false }).catch((error: Error) => error);
  if (!(started instanceof Error)) {
    await started.close();
    throw new Error('expected the boot to fail');
  }
  return started;
}

describe('McpModule options, parsed once', () => {
  let running: RunningMcpApp | undefined;
  afterEach(async () => {
    vi.unstubAllEnvs();
    await running?.close();
    running = undefined;
  });

  it.each([
    [{ maxSessions: 0 }, 'maxSessions: must be a positive integer'],
    [{ pageSize: -1 }, 'pageSize: must be an integer >= 0'],
    [{ path: 'mcp' }, 'path: must be a path starting with /'],
    [{ httpTimeouts: { headersMs: 5_000, requestMs: 1_000 } }, 'httpTimeouts: headersMs must not exceed requestMs'],
    // A misspelt option is a mistake, not a default.
    [{ maxSesions: 5 }, 'maxSesions: is not an option'],
    [{ httpTimeouts: { headerMs: 5_000 } }, 'httpTimeouts.headerMs: is not an option'],
  ])('stops the boot on %j with an error naming the option', async (options, message) => {
    const error = await bootFailure(featureModule(options as never));
    expect(error.name).toBe('InvalidMcpOptionsError');
    expect(error.message).toContain(`McpModule options: ${message}`);
  });

  it('checks options resolved asynchronously the same way', async () => {
    @Module({
      imports: [McpModule.forRootAsync({ useFactory: async () => ({ name: 'async', version: '1', maxStreams: 1.5 }) })],
    })
    class AsyncModule {}
    expect((await bootFailure(AsyncModule)).message).toContain('McpModule options: maxStreams: must be a positive integer');
  });

  it('refuses to boot with auth off under NODE_ENV=production, unless allowInsecure says so', async () => {
    vi.stubEnv('NODE_ENV', 'production');
    const error = await bootFailure(featureModule());
    expect(error.message).toContain('auth: authentication is off under NODE_ENV=production');
    expect(error.message).toContain('allowInsecure');
    running = await startMcpApp(featureModule({ allowInsecure: true }));
    expect((await post(running.url, initializeBody())).status).toBe(200);
  });

  it('applies trustProxy to the app: callers behind a trusted proxy are told apart by X-Forwarded-For', async () => {
    const limited = { rateLimit: { limit: 1, ttlMs: 60_000 } };
    const fromTwoClients = async () => [
      (await post(running!.url, initializeBody(), { 'x-forwarded-for': '203.0.113.1' })).status,
      (await post(running!.url, initializeBody(), { 'x-forwarded-for': '203.0.113.2' })).status,
    ];
    running = await startMcpApp(featureModule(limited));
    // Untrusted: both requests come from the proxy's address, and the second is over the limit.
    expect(await fromTwoClients()).toEqual([200, 429]);
    await running.close();
    running = await startMcpApp(featureModule({ ...limited, trustProxy: 'loopback' }));
    expect(await fromTwoClients()).toEqual([200, 200]);
  });

  it('drains on shutdown: a call in flight finishes within shutdownGraceMs while new requests get 503', async () => {
    running = await startMcpApp(featureModule({ shutdownGraceMs: 5_000 }));
    const client = await connectTestClient('sdk-v2-modern', running.url);
    const call = client.callTool('slow_progress', { steps: 4, delayMs: 250 });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const closed = running.close();
    await expect.poll(async () => (await post(running!.url, initializeBody())).status).toBe(503);
    const result = await call;
    expect(result.isError).toBeFalsy();
    expect(textOf(result)).toContain('4');
    await closed;
    running = undefined;
  });

  it('cancels a call still running when shutdownGraceMs is over', async () => {
    running = await startMcpApp(featureModule({ shutdownGraceMs: 100 }));
    const client = await connectTestClient('sdk-v2-modern', running.url);
    const call = client.callTool('slow_progress', { steps: 1, delayMs: 10_000 }).catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const started = Date.now();
    await running.close();
    running = undefined;
    expect(Date.now() - started).toBeLessThan(3_000);
    const outcome = await call;
    if (!(outcome instanceof Error)) expect(outcome.isError).toBe(true);
  });

  it('warns at boot when nothing handles SIGTERM (no shutdown hooks), and not when hooks are on', async () => {
    const warn = vi.spyOn(Logger.prototype, 'warn');
    const saved = process.listeners('SIGTERM');
    process.removeAllListeners('SIGTERM');
    try {
      const app = await NestFactory.create(featureModule(), { logger: false });
      await app.init();
      await app.close();
      const warned = () => warn.mock.calls.some(([message]) => String(message).includes('nothing handles SIGTERM'));
      expect(warned()).toBe(true);
      warn.mockClear();
      running = await startMcpApp(featureModule());
      expect(warned()).toBe(false);
    } finally {
      for (const listener of saved) process.on('SIGTERM', listener);
      warn.mockRestore();
    }
  });
});

import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { initializeBody, post } from './support/raw-http.js';

const fixture = (name: string) => fileURLToPath(new URL(`./fixtures/no-ioredis/${name}`, import.meta.url));
const BUILT = fileURLToPath(new URL('../dist/index.js', import.meta.url));

/** The fixture app on the built package, in a fresh Node where `ioredis` cannot be resolved. */
function startWithoutIoredis(env: Record<string, string> = {}) {
  const child = spawn(process.execPath, ['--import', fixture('hide-ioredis.mjs'), fixture('app.mjs')], {
    env: { ...process.env, ...env },
  });
  let output = '';
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.on('exit', resolve));
  const port = new Promise<number>((resolve, reject) => {
    child.stdout!.on('data', () => {
      const listening = /listening (\d+)/.exec(output);
      if (listening) resolve(Number(listening[1]));
    });
    void exited.then((code) => reject(new Error(`exited (${code}):\n${output}`)));
  });
  port.catch(() => undefined); // awaited only by the tests that expect a boot

  return { child, port, exited, output: () => output };
}

describe('ioredis is an optional peer', () => {
  let child: ChildProcess | undefined;
  beforeAll(() => {
    if (!existsSync(BUILT)) throw new Error('build the package first (npm run build -w nest-mcp)');
  });
  afterEach(() => {
    child?.kill();
    child = undefined;
  });

  it('the built package boots without ioredis and answers MCP requests when Redis is not configured', async () => {
    const app = startWithoutIoredis();
    child = app.child;
    const url = new URL(`http://127.0.0.1:${await app.port}/mcp`);
    expect(app.output()).toContain('ioredis: missing');

    const init = await post(url, initializeBody());
    expect(init.status).toBe(200);
    await init.text();
    const headers = { 'mcp-session-id': init.headers.get('mcp-session-id')!, 'mcp-protocol-version': '2025-06-18' };
    const call = await post(url, { jsonrpc: '2.0', id: 2, method: 'tools/call', params: { name: 'ping' } }, headers);
    expect(await call.text()).toContain('"text":"pong"');
  }, 20_000);

  it('with `redis` configured and ioredis missing, the boot fails with a message naming ioredis', async () => {
    const app = startWithoutIoredis({ REDIS_URL: 'redis://127.0.0.1:1' });
    child = app.child;
    expect(await app.exited).toBe(1);
    expect(app.output()).toContain('ioredis: missing');
    expect(app.output()).toMatch(
      /boot failed: .*`redis` is set but the package "ioredis" cannot be loaded.*npm install ioredis/,
    );
  }, 20_000);
});

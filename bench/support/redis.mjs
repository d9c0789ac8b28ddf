// A real redis-server for the Redis-backed runs (no persistence, loopback, a free port), and what it holds.
import { spawn } from 'node:child_process';
import net from 'node:net';
import { setTimeout as sleep } from 'node:timers/promises';
import { Redis } from 'ioredis';
import { freePort } from './servers.mjs';

/** Starts `redis-server` (on PATH); resolves once it accepts connections, with its URL and `stop()`. */
export async function startRedis(timeoutMs = 10_000) {
  const port = await freePort();
  const child = spawn(
    'redis-server',
    ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'],
    { stdio: 'ignore' },
  );
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.once('error', () => undefined);
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await exited;
  };
  const deadline = performance.now() + timeoutMs;
  while (!(await accepts(port))) {
    if (child.exitCode !== null || performance.now() > deadline) {
      await stop();
      throw new Error(`redis-server did not listen on ${port} (is it installed?)`);
    }
    await sleep(50);
  }
  return { port, url: `redis://127.0.0.1:${port}`, stop };
}

function accepts(port) {
  return new Promise((resolve) => {
    const socket = net.createConnection({ port, host: '127.0.0.1' });
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** Redis's `used_memory` (bytes its allocator holds for data and structures) and its key count. */
export function redisMemory(url) {
  return withClient(url, async (client) => {
    const info = await client.info('memory');
    const usedMemory = Number(/^used_memory:(\d+)/m.exec(info)?.[1]);
    return { usedMemory, keys: await client.dbsize() };
  });
}

/** Calls per command since Redis started (`INFO commandstats`), e.g. `{ hgetall: 12, evalsha: 30 }`. */
export function redisCommandCalls(url) {
  return withClient(url, async (client) => {
    const info = await client.info('commandstats');
    return Object.fromEntries(
      [...info.matchAll(/^cmdstat_([^:]+):calls=(\d+)/gm)].map(([, command, calls]) => [command, Number(calls)]),
    );
  });
}

/** A connection of its own for one question (the harness asks rarely). */
async function withClient(url, ask) {
  const client = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1 });
  try {
    await client.connect();
    return await ask(client);
  } finally {
    client.disconnect();
  }
}

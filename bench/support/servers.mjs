// Benchmark servers as child processes: spawn, wait until they serve, read
// their memory, stop them.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { SignJWT } from 'jose';
import { SIMPLE_TOOL } from '../shared/tools.mjs';
import { modernCall, send } from './wire.mjs';

export const ROOT = new URL('../..', import.meta.url).pathname;
export const RESULTS = join(ROOT, 'bench/results');
const LOGS = join(RESULTS, 'logs');
const PROBE = join(ROOT, 'bench/support/probe.mjs');

const JWT_SECRET = randomBytes(32).toString('hex');
const HUGE_RATE_LIMIT = '100000000';
/**
 * All the load comes from one caller (one token; with auth off, one IP), so its own bounds are raised to the
 * global ones: at the defaults (100 sessions, 20 streams per caller) the sessions and streams the memory
 * scenarios open would close or refuse each other.
 */
export const ONE_CALLER_BOUNDS = {
  MCP_MAX_SESSIONS_PER_PRINCIPAL: '10000',
  MCP_MAX_STREAMS_PER_PRINCIPAL: '10000',
  MCP_MAX_STREAMS: '10000',
};

/**
 * The servers under test. `env(url)` gives the variables on top of
 * NODE_ENV=production, HOST, PORT and BENCH_TOOLS; `token(url)` a bearer token.
 */
export const KINDS = {
  sdk: {
    label: 'bare SDK v2',
    script: 'bench/baselines/sdk-bare.mjs',
    env: () => ({}),
  },
  nest: {
    label: 'MCP-Nest 2.0.5',
    script: 'bench/mcp-nest/server.js',
    env: () => ({}),
  },
  pipeline: {
    label: 'ours, pipeline on',
    script: 'bench/dist/bench/app/main.js',
    // JWT auth (HS256, aud = the resource URL), throttling far above the load, one log line per exchange.
    env: (url) => ({
      MCP_AUTH: 'jwt',
      MCP_JWT_SECRET: JWT_SECRET,
      MCP_RESOURCE_URL: url,
      MCP_RATE_LIMIT: HUGE_RATE_LIMIT,
      LOG_LEVEL: 'info',
      ...ONE_CALLER_BOUNDS,
    }),
    token: (url) =>
      new SignJWT({ sub: 'bench-client', aud: url, scope: 'bench' })
        .setProtectedHeader({ alg: 'HS256' })
        .setIssuedAt()
        .setExpirationTime('2h')
        .sign(new TextEncoder().encode(JWT_SECRET)),
  },
  plain: {
    label: 'ours, auth+throttle off',
    script: 'bench/dist/bench/app/main.js',
    env: () => ({
      MCP_AUTH: 'none',
      MCP_ALLOW_INSECURE: 'true',
      MCP_RATE_LIMIT: 'off',
      LOG_LEVEL: 'info',
      ...ONE_CALLER_BOUNDS,
    }),
  },
};

/** What the children must not inherit from the caller's shell: every variable the servers read. */
const OWN_VARIABLES = /^(MCP_|LOG_|BENCH_|REDIS_URL$|METRICS_TOKEN$|NODE_ENV$|PORT$|HOST$)/;

export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.on('error', reject);
  });
}

function childEnv(vars) {
  const env = Object.fromEntries(Object.entries(process.env).filter(([key]) => !OWN_VARIABLES.test(key)));
  return { ...env, NODE_ENV: 'production', HOST: '127.0.0.1', ...vars };
}

/** Spawns one server; resolves once it is listening (not yet once it serves: see `ready`). */
export async function spawnServer(
  kindName,
  { tools = 0, env = {}, name, probe = true, nodeArgs = [], script, label } = {},
) {
  const kind = KINDS[kindName];
  const port = await freePort();
  const url = `http://127.0.0.1:${port}/mcp`;
  const id = name ?? `${kindName}-${tools}`;
  mkdirSync(LOGS, { recursive: true });
  const logPath = join(LOGS, `${id}.log`);
  const log = openSync(logPath, 'w');
  const args = [...(probe ? ['--expose-gc', '--import', PROBE] : []), ...nodeArgs, join(ROOT, script ?? kind.script)];
  const startedAt = performance.now();
  const child = spawn(process.execPath, args, {
    cwd: ROOT,
    env: childEnv({ PORT: String(port), BENCH_TOOLS: String(tools), ...kind.env(url), ...env }),
    stdio: ['ignore', log, log, ...(probe ? ['ipc'] : [])],
  });
  closeSync(log);
  const token = kind.token ? await kind.token(url) : undefined;
  return new Server({ id, kindName, label: label ?? kind.label, tools, url, port, child, logPath, startedAt, token });
}

let probeIds = 0;

export class Server {
  constructor(fields) {
    Object.assign(this, fields);
    this.exitCode = undefined;
    this.exited = new Promise((resolve) =>
      this.child.once('exit', (code, signal) => {
        this.exitCode = code ?? signal;
        resolve(this.exitCode);
      }),
    );
    this.child.on('error', () => undefined);
  }

  /** Headers every request to it needs (the bearer token of the pipeline run). */
  get authHeaders() {
    return this.token ? { authorization: `Bearer ${this.token}` } : {};
  }

  logTail(lines = 30) {
    try {
      return readFileSync(this.logPath, 'utf8').split('\n').slice(-lines).join('\n');
    } catch {
      return '';
    }
  }

  /**
   * Polls a 2026-07-28 `tools/call` until it is served correctly; resolves with
   * the milliseconds from spawn to that first served request.
   */
  async ready(timeoutMs = 60_000, intervalMs = 5) {
    const call = modernCall(SIMPLE_TOOL.name);
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      if (this.exitCode !== undefined) throw new Error(`${this.id} exited (${this.exitCode}):\n${this.logTail()}`);
      if (performance.now() > deadline)
        throw new Error(`${this.id} did not serve within ${timeoutMs} ms:\n${this.logTail()}`);
      try {
        const response = await send(this.url, call, this.authHeaders);
        if (response.status === 200 && response.message?.result?.content?.[0]?.text === SIMPLE_TOOL.text) {
          return performance.now() - this.startedAt;
        }
        throw new Error(`${this.id} answered ${response.status}: ${response.text.slice(0, 300)}`);
      } catch (error) {
        if (!['ECONNREFUSED', 'ECONNRESET', 'EPIPE'].includes(error.code)) throw error;
      }
      await sleep(intervalMs);
    }
  }

  /** CPU time the server has used, all its threads, user + system (from /proc; clock ticks of 10 ms). */
  cpuSeconds() {
    const fields = readFileSync(`/proc/${this.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  }

  /** Resident set size from /proc (bytes). */
  rss() {
    try {
      const kb = /VmRSS:\s+(\d+)/.exec(readFileSync(`/proc/${this.child.pid}/status`, 'utf8'))?.[1];
      return kb ? Number(kb) * 1024 : undefined;
    } catch {
      return undefined;
    }
  }

  /**
   * `process.memoryUsage()` of the server, after two full GCs when `gc` (needs the probe). For bench/held.mjs:
   * `snapshot` (a file path) writes a heap snapshot there first; `sampling` starts V8's sampling heap profiler
   * (`'start'`) or stops it and writes the live sampled allocations to that file path.
   */
  memory(gc = true, { snapshot, sampling } = {}) {
    const id = ++probeIds;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${this.id}: no memory probe answer`)),
        snapshot || sampling ? 120_000 : 10_000,
      );
      const onMessage = (message) => {
        if (message?.type !== 'memory' || message.id !== id) return;
        clearTimeout(timer);
        this.child.off('message', onMessage);
        resolve(message);
      };
      this.child.on('message', onMessage);
      this.child.send({ type: 'memory', id, gc, snapshot, sampling });
    });
  }

  async stop(timeoutMs = 15_000) {
    if (this.exitCode === undefined) this.child.kill('SIGTERM');
    const timer = setTimeout(() => this.child.kill('SIGKILL'), timeoutMs);
    await this.exited;
    clearTimeout(timer);
    trimLog(this.logPath);
  }
}

const KEEP_LOG_BYTES = 256 * 1024;

/** One line per exchange adds up to a hundred MB a run: keep the start (boot) and the end of each log. */
function trimLog(path) {
  try {
    const { size } = statSync(path);
    if (size <= 2 * KEEP_LOG_BYTES) return;
    const text = readFileSync(path);
    const head = text.subarray(0, KEEP_LOG_BYTES);
    const tail = text.subarray(size - KEEP_LOG_BYTES);
    writeFileSync(
      path,
      Buffer.concat([head, Buffer.from(`\n[... ${size - 2 * KEEP_LOG_BYTES} bytes trimmed ...]\n`), tail]),
    );
  } catch {
    // a log we cannot trim is only bigger
  }
}

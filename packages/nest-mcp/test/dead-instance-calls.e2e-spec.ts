import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/fixture-app.js';
import { RedisServer } from './support/redis-server.js';
import { openSession, post, readEvents, resumeStream, sessionHeaders } from './support/raw-http.js';
import { JsonRpcCode } from '../src/index.js';
import { connectRedis } from '../src/stores/redis/redis-connection.js';
import { StoreAvailability } from '../src/stores/redis/store-availability.js';
import { RedisInstanceLiveness } from '../src/stores/tasks/instance-liveness.js';

/** How long the test waits for the error: the instance lease (5 s by default), the client's reconnect delay, and slack. */
const ERROR_WITHIN_MS = 15_000;
/** The revision whose POST streams open with a priming event, so a client can resume one before anything is sent. */
const V = '2025-11-25';
const STOPPED = 'the server instance running this request stopped';

const exportCall = (id: number, delayMs: number) => ({
  jsonrpc: '2.0',
  id,
  method: 'tools/call',
  params: { name: 'exportNotes', arguments: { delayMs } },
});

/** The id of the first SSE event of a response (a priming event has one and no data). */
async function firstEventId(response: Response): Promise<string> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) throw new Error('the stream ended without an event id');
    buffer += value;
    const id = /^id: ?(.*)$/m.exec(buffer)?.[1];
    if (id) {
      await reader.cancel();
      return id;
    }
  }
}

describe('a 2025-era call whose instance died', () => {
  const redis = new RedisServer();
  let a: AppProcess;
  let b: AppProcess;

  const startInstance = async () => {
    const app = await AppProcess.start({ REDIS_URL: redis.url, LOG_LEVEL: 'warn' });
    await app.ready();
    return app;
  };

  beforeAll(async () => {
    await redis.start();
    [a, b] = await Promise.all([startInstance(), startInstance()]);
  }, 60_000);

  afterAll(async () => {
    await Promise.all([a?.stop(), b?.stop()]);
    await redis.stop();
  });

  it('is left running while its instance lives: a resume elsewhere replays, and later finds the result', async () => {
    const sessionId = await openSession(a.url, V);
    const call = await post(a.url, exportCall(5, 300), sessionHeaders(sessionId, V));
    const lastEventId = await firstEventId(call);

    const early = await resumeStream(b.url, lastEventId, sessionHeaders(sessionId, V));
    expect(early.status).toBe(200);
    expect(JSON.stringify(await readEvents(early, () => false))).not.toContain(STOPPED);

    await new Promise((resolve) => setTimeout(resolve, 1_000));
    const late = await resumeStream(b.url, lastEventId, sessionHeaders(sessionId, V));
    const events = await readEvents(late, (seen) => seen.some((event) => (event.data as { id?: number }).id === 5));
    expect(events.find((event) => (event.data as { id?: number }).id === 5)?.data).toMatchObject({
      result: { content: [{ text: expect.stringContaining('# Welcome') }] },
    });
  });

  it('ends with an error for a client that resumes its stream on another instance', async () => {
    const [{ Client }, { StreamableHTTPClientTransport }] = await Promise.all([
      import('@modelcontextprotocol/sdk/client/index.js'),
      import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    ]);
    // A balancer that takes an instance out once it is gone: everything goes to A until then, to B after.
    let upstream = a;
    const routed: string[] = [];
    const balanced: typeof fetch = (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input));
      url.port = String(upstream.port);
      const resuming = new Headers(init?.headers).has('last-event-id') ? ' resuming' : '';
      routed.push(`${init?.method ?? 'GET'}${resuming} ${upstream === a ? 'A' : 'B'}`);
      return fetch(url, init);
    };
    const client = new Client({ name: 'dead-instance', version: '1.0.0' });
    await client.connect(new StreamableHTTPClientTransport(a.url, { fetch: balanced }));
    try {
      const call = client.callTool({ name: 'exportNotes', arguments: { delayMs: 5_000 } });
      const settled = call.then(
        () => 'completed',
        (error: { code?: number; message: string }) => error,
      );
      // The call is running on A (its stream is open and primed) when A is killed without a word.
      await new Promise((resolve) => setTimeout(resolve, 500));
      a.signal('SIGKILL');
      await a.exit();
      upstream = b;
      const started = Date.now();

      const outcome = await Promise.race([
        settled,
        new Promise((resolve) => setTimeout(() => resolve('no answer'), ERROR_WITHIN_MS)),
      ]);
      expect(outcome).toMatchObject({
        code: JsonRpcCode.InternalError,
        message: expect.stringContaining(STOPPED),
      });
      expect(Date.now() - started).toBeLessThan(ERROR_WITHIN_MS);
      // The client heard it by resuming its stream on B (GET with Last-Event-ID), not from A.
      expect(routed).toContain('GET resuming B');
    } finally {
      await client.close();
    }
  }, 40_000);
});

describe('the instance lease', () => {
  const redis = new RedisServer();
  beforeAll(() => redis.start());
  afterAll(() => redis.stop());

  it('is held from the moment the connection is ready, not a renewal later', async () => {
    const connection = await connectRedis(
      { url: redis.url, keyPrefix: 'lease:', commandTimeoutMs: 1_000 },
      new StoreAvailability(),
    );
    // Renewed every third of a minute: only the renewal at "ready" can make the lease exist within a second.
    const liveness = new RedisInstanceLiveness(connection, 'lease:', 60_000);
    try {
      await expect.poll(() => liveness.isAlive(liveness.id).catch(() => false), { timeout: 1_000 }).toBe(true);
    } finally {
      await liveness.release();
      connection.disconnect();
    }
  });
});

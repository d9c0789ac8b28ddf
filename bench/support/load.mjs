// The load generator: autocannon on loopback, a fresh JSON-RPC id per request,
// and latencies recorded at full resolution (autocannon's own histogram keeps
// whole milliseconds, too coarse for sub-millisecond servers).
import autocannon from 'autocannon';
import { send } from './wire.mjs';

/**
 * Runs `request` (`{ headers, body(id) }`) against `url` for `duration` seconds
 * (or for `amount` requests) over `connections` keep-alive connections;
 * resolves with the 2xx count, the seconds it took and the latencies.
 */
export async function load(url, request, { duration, amount, connections, extraHeaders = {} }) {
  let id = 0;
  const latencies = [];
  const instance = autocannon({
    url,
    method: 'POST',
    connections,
    ...(amount ? { amount } : { duration }),
    timeout: 60,
    headers: { ...request.headers, ...extraHeaders },
    requests: [
      {
        setupRequest: (req) => {
          req.body = request.body(++id);
          return req;
        },
      },
    ],
  });
  instance.on('response', (_client, statusCode, _bytes, responseTime) => {
    if (statusCode >= 200 && statusCode < 300) latencies.push(responseTime);
  });
  const result = await instance;
  return {
    ok: latencies.length,
    seconds: result.duration,
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
    latencies,
    bytesPerResponse: result.requests.total > 0 ? Math.round(result.throughput.total / result.requests.total) : 0,
  };
}

/**
 * Waits until the server has worked off what an ended run left behind:
 * autocannon drops the requests in flight when its time is up, but the server
 * still computes their answers, which would eat into the next run (its own, or
 * another server's on the same cores). One more request per connection,
 * awaited to completion, queues behind that backlog. (Plain node:http rather
 * than autocannon, whose own start and stop take a second.)
 */
export async function drain(url, request, { connections, extraHeaders = {} }) {
  const answers = await Promise.all(
    Array.from({ length: connections }, (_, i) => send(url, request, extraHeaders, DRAIN_IDS + i)),
  );
  const failed = answers.find((answer) => answer.status >= 300);
  if (failed) throw new Error(`drain request answered ${failed.status}: ${failed.text.slice(0, 200)}`);
}

/** JSON-RPC ids of drain requests: far from the ones the load runs number from 1. */
const DRAIN_IDS = 1_000_000_000;

/** The q-th quantile (0..1) of sorted numbers. */
export function quantile(sorted, q) {
  if (sorted.length === 0) return NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1));
  return sorted[index];
}

/** The median of unsorted numbers (of an even count, the lower middle one). */
export function median(values) {
  return quantile(
    [...values].sort((a, b) => a - b),
    0.5,
  );
}

/** Pools several runs of one server: rate over all runs, percentiles over all latencies. */
export function summarize(runs) {
  const ok = runs.reduce((sum, run) => sum + run.ok, 0);
  const seconds = runs.reduce((sum, run) => sum + run.seconds, 0);
  const latencies = runs.flatMap((run) => run.latencies).sort((a, b) => a - b);
  return {
    rps: seconds > 0 ? ok / seconds : 0,
    p50: quantile(latencies, 0.5),
    p99: quantile(latencies, 0.99),
    runs: runs.map((run) => Math.round(run.ok / run.seconds)),
    non2xx: runs.reduce((sum, run) => sum + run.non2xx, 0),
    errors: runs.reduce((sum, run) => sum + run.errors + run.timeouts, 0),
    bytesPerResponse: runs.at(-1)?.bytesPerResponse ?? 0,
  };
}

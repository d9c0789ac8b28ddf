// The scenario machinery: servers started for a group, each loaded in turn (the order rotating every
// round), after a request checked by hand; the summaries land in `results.throughput`.
import { SIMPLE_TOOL } from '../shared/tools.mjs';
import { drain, load, median, summarize } from '../support/load.mjs';
import { spawnServer } from '../support/servers.mjs';
import { send } from '../support/wire.mjs';
import { log, results } from './record.mjs';
import { S } from './settings.mjs';

/**
 * A server with the request to load it with and what a correct answer is: `'call'` (the simple tool's text),
 * `'initialize'` (a session id), a tool count, or a function of the JSON-RPC result that says why it is wrong.
 */
export function entry(server, request, expect = 'call') {
  return { server, request, expect };
}

/**
 * Measures each entry `rounds` times, rotating the order every round
 * (A B C D, B C D A, ...); each measured run follows its own warm-up (a
 * longer one in the first round), and every run is drained before the next
 * one starts.
 */
export async function scenario(key, title, entries, rounds = S.rounds, duration = S.duration) {
  for (const item of entries) await check(item);
  const runs = new Map(entries.map((item) => [item, []]));
  const rss = new Map(entries.map((item) => [item, 0]));
  const cpu = new Map(entries.map((item) => [item, []]));
  for (let round = 0; round < rounds; round++) {
    const order = entries.map((_, i) => entries[(i + round) % entries.length]);
    for (const item of order) {
      const { url, authHeaders } = item.server;
      const options = { connections: S.connections, extraHeaders: authHeaders };
      await load(url, item.request, { ...options, duration: round === 0 ? S.firstWarmup : S.warmup });
      await drain(url, item.request, options);
      const cpuBefore = item.server.cpuSeconds();
      const run = await load(url, item.request, { ...options, duration });
      runs.get(item).push(run);
      rss.set(item, Math.max(rss.get(item), item.server.rss() ?? 0));
      await drain(url, item.request, options);
      // The run's abandoned requests, worked off by the drain, are still its work.
      cpu.get(item).push(((item.server.cpuSeconds() - cpuBefore) * 1e6) / (run.ok + S.connections));
    }
  }
  for (const item of entries) {
    const summary = summarize(runs.get(item));
    results.throughput.push({
      scenario: key,
      title,
      server: item.server.id,
      kind: item.server.kindName,
      label: labelOf(item.server),
      variant: item.server.variant,
      tools: item.server.tools + 1,
      rssMB: rss.get(item) / 2 ** 20,
      ...summary,
      // CPU time (µs, all threads) per request, median of the runs: moves far less with other load than req/s.
      cpuUs: median(cpu.get(item)),
      cpuRuns: cpu.get(item).map((us) => Math.round(us)),
    });
    const flag = summary.non2xx || summary.errors ? `  !! non-2xx ${summary.non2xx}, errors ${summary.errors}` : '';
    log(
      `${title} · ${item.server.id}${item.server.variant ? ` (${item.server.variant})` : ''}: ${summary.rps.toFixed(0)} req/s (runs ${summary.runs.join(', ')}), p50 ${summary.p50.toFixed(2)} ms, p99 ${summary.p99.toFixed(2)} ms, ${median(cpu.get(item)).toFixed(0)} µs CPU/req${flag}`,
    );
  }
}

/** One request by hand first: the load must be answered correctly, not just quickly. */
async function check({ server, request, expect }) {
  const response = await send(server.url, request, server.authHeaders);
  const result = response.message?.result;
  const fail = (why) => {
    throw new Error(`${server.id}: ${why}; status ${response.status}: ${response.text.slice(0, 400)}`);
  };
  if (response.status !== 200) fail('not 200');
  if (expect === 'call' && result?.content?.[0]?.text !== SIMPLE_TOOL.text) fail('wrong tools/call result');
  if (expect === 'initialize' && !response.headers['mcp-session-id']) fail('no session id');
  const wrong = typeof expect === 'function' ? expect(result) : undefined;
  if (wrong) fail(wrong);
  if (typeof expect === 'number' && result?.tools?.length !== expect) {
    fail(`tools/list returned ${result?.tools?.length} tools, expected ${expect}`);
  }
}

/** The server's label as the report shows it: the kind's, and the variant in parentheses. */
export function labelOf(server) {
  return server.label + (server.variant ? ` (${server.variant})` : '');
}

/** Starts `[kind, tools, { env, name, variant, script }]` servers one after another; each serving before the next. */
export async function startAll(specs) {
  const servers = [];
  try {
    for (const [kind, tools, extra = {}] of specs) {
      const server = await spawnServer(kind, { tools, env: extra.env, name: extra.name, script: extra.script });
      server.variant = extra.variant;
      servers.push(server);
      const ms = await server.ready();
      results.boots.push({ server: server.id, tools: tools + 1, ms });
      log(`${server.id} serving after ${ms.toFixed(0)} ms (${server.url})`);
    }
  } catch (error) {
    await stopAll(servers);
    throw error;
  }
  return servers;
}

export async function stopAll(servers) {
  await Promise.all(servers.map((server) => server.stop()));
}

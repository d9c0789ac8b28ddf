import { ConsoleLogger } from '@nestjs/common';
import type { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { outcomesModule } from './fixtures/outcomes.module.js';
import { modernRpc, TASKS_CLIENT_CAPABILITIES } from './support/modern-rpc.js';

/*
 * The outcome table: for each way a tool call can end, in each era, what the
 * client got, the exchange log line's `outcome` and the metrics agree.
 */

/** `[tool, the client can answer forms, outcome on 2026-07-28, outcome on 2025]`. */
const TABLE: [string, boolean, string, string][] = [
  ['answers', true, 'ok', 'ok'],
  ['fails_as_result', true, 'is_error', 'is_error'],
  ['refuses_params', true, 'error:-32602', 'error:-32602'],
  ['refuses_oddly', true, 'error:-31999', 'error:-31999'],
  // 2026-07-28 asks in the answer; 2025 asks on the call's stream, and the call ends with the result.
  ['asks', true, 'input_required', 'ok'],
  // A client that cannot answer a form gets the same JSON-RPC error in both eras.
  ['asks', false, 'error:-32021', 'error:-32021'],
  ['becomes_task', true, 'task', 'task'],
  ['guarded_shut', true, 'error:403', 'error:403'],
];

type Era = 'modern' | 'legacy';
type ExchangeLine = Record<string, unknown>;

/** Nest's logger, keeping the exchange lines (`McpRequest`) as objects. */
class ExchangeLines extends ConsoleLogger {
  readonly lines: ExchangeLine[] = [];
  override log(message: unknown, context?: string): void {
    this.keep(message, context);
  }
  override warn(message: unknown, context?: string): void {
    this.keep(message, context);
  }
  override error(message: unknown, context?: string): void {
    this.keep(message, context);
  }
  private keep(message: unknown, context?: string): void {
    if (context !== 'McpRequest') return;
    this.lines.push(typeof message === 'string' ? (JSON.parse(message) as ExchangeLine) : (message as ExchangeLine));
  }
}

/** Calls `tool` as a raw 2026-07-28 client would: what it got, as an outcome. */
async function modernCall(url: URL, tool: string, elicits: boolean, requestId: string): Promise<string> {
  const capabilities = elicits ? TASKS_CLIENT_CAPABILITIES : { extensions: TASKS_CLIENT_CAPABILITIES.extensions };
  const reply = await modernRpc(
    url,
    'tools/call',
    { name: tool, arguments: {} },
    {
      capabilities,
      headers: { 'x-request-id': requestId },
    },
  );
  if (reply.error) return `error:${reply.error.code}`;
  const { resultType, isError } = reply.result as { resultType?: string; isError?: boolean };
  if (resultType === 'input_required' || resultType === 'task') return resultType;
  return isError ? 'is_error' : 'ok';
}

/** Calls `tool` through an SDK v1 (2025-era) client: what it got, as an outcome. */
async function legacyCall(url: URL, tool: string, elicits: boolean, requestId: string): Promise<string> {
  const client = await v1Client(url, elicits, requestId);
  try {
    await client.listTools();
    if (tool === 'becomes_task') {
      const stream = client.experimental.tasks.callToolStream({ name: tool, arguments: {} });
      const first = (await stream.next()).value as { type: string };
      void stream.return();
      return first.type === 'taskCreated' ? 'task' : first.type;
    }
    const result = await client.callTool({ name: tool, arguments: {} });
    return result.isError ? 'is_error' : 'ok';
  } catch (error) {
    return `error:${String((error as { code?: unknown }).code)}`;
  } finally {
    await client.close();
  }
}

async function v1Client(url: URL, elicits: boolean, requestId: string): Promise<V1Client> {
  const [{ Client }, { StreamableHTTPClientTransport }, { ElicitRequestSchema }] = await Promise.all([
    import('@modelcontextprotocol/sdk/client/index.js'),
    import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
    import('@modelcontextprotocol/sdk/types.js'),
  ]);
  const client = new Client({ name: 'outcomes', version: '1' }, { capabilities: elicits ? { elicitation: {} } : {} });
  if (elicits) client.setRequestHandler(ElicitRequestSchema, () => ({ action: 'accept', content: { name: 'Ada' } }));
  await client.connect(
    new StreamableHTTPClientTransport(url, { requestInit: { headers: { 'x-request-id': requestId } } }),
  );
  return client;
}

/** `name{labels} value` lines of a scrape, by `name{labels}`. */
function samples(text: string): Map<string, number> {
  const found = new Map<string, number>();
  for (const line of text.split('\n')) {
    const match = /^(\w+\{[^}]*\}) (\S+)/.exec(line);
    if (match) found.set(match[1], Number(match[2]));
  }
  return found;
}

/** How many rows end with each outcome's metric label (`error:<code>` counts as `error`). */
function tally(outcomes: string[], labelOf = (outcome: string) => outcome.split(':')[0]!): Map<string, number> {
  const counts = new Map<string, number>();
  for (const outcome of outcomes) {
    const label = labelOf(outcome);
    counts.set(label, (counts.get(label) ?? 0) + 1);
  }
  return counts;
}

/**
 * An outcome's labels on mcp_requests_total: `error:<code>` is `outcome="error"`
 * with its `code`, which is `other` for a code neither the package nor the SDK sends.
 */
function requestLabels(outcome: string): string {
  const [label, code] = outcome.split(':');
  if (code === undefined) return `outcome="${label}"`;
  return `outcome="${label}",code="${code === '-31999' ? 'other' : code}"`;
}

describe.each<Era>(['modern', 'legacy'])('the outcome table (%s)', (era) => {
  const logger = new ExchangeLines();
  let running: RunningMcpApp;
  beforeAll(async () => {
    running = await startMcpApp(outcomesModule(), { logger });
  });
  afterAll(() => running.close());

  const expected = (row: (typeof TABLE)[number]) => (era === 'modern' ? row[2] : row[3]);

  it.each(TABLE.map((row, index) => [index, ...row] as const))(
    'row %i: %s (form answers: %s): the client, the log line and the tool metric agree',
    async (index, tool, elicits) => {
      const requestId = `${era}-${index}`;
      const call = era === 'modern' ? modernCall : legacyCall;
      const seen = await call(running.url, tool, elicits, requestId);
      expect(seen).toBe(expected(TABLE[index]));
      const line = await vi.waitFor(() => {
        const calls = logger.lines.filter(
          (entry) => entry.request_id === requestId && entry.mcp_method === 'tools/call',
        );
        expect(calls).toHaveLength(1);
        return calls[0];
      });
      expect(line).toMatchObject({ target: tool, outcome: seen });
    },
  );

  it('counts each outcome in mcp_requests_total and mcp_tool_calls_total as the clients saw it', async () => {
    const scraped = samples(await (await fetch(new URL('/metrics', running.url))).text());
    const eras = new Set(logger.lines.filter((line) => line.mcp_method === 'tools/call').map((line) => line.era));
    expect(eras.size).toBe(1);
    const [eraLabel] = eras;
    for (const [labels, count] of tally(TABLE.map(expected), requestLabels)) {
      expect(scraped.get(`mcp_requests_total{method="tools/call",era="${String(eraLabel)}",${labels}}`), labels).toBe(
        count,
      );
    }
    for (const [tool, ...rows] of groupByTool()) {
      for (const [outcome, count] of tally(rows.map(expected))) {
        expect(scraped.get(`mcp_tool_calls_total{tool="${tool}",outcome="${outcome}"}`), `${tool} ${outcome}`).toBe(
          count,
        );
      }
    }
  });
});

/** The table's rows by tool: `[tool, ...its rows]`. */
function groupByTool(): [string, ...(typeof TABLE)[number][]][] {
  const byTool = new Map<string, (typeof TABLE)[number][]>();
  for (const row of TABLE) byTool.set(row[0], [...(byTool.get(row[0]) ?? []), row]);
  return [...byTool].map(([tool, rows]) => [tool, ...rows]);
}

import { afterEach, describe, expect, it } from 'vitest';
import { connectMcpClient } from '../src/testing/index.js';
import { AppProcess } from './support/fixture-app.js';
import { initializeBody, post } from './support/raw-http.js';
import { JsonRpcCode } from '../src/index.js';

/** A JSON log line: the common fields, and a record's own fields flat beside them. */
interface JsonLogLine extends Record<string, unknown> {
  level: string;
  msg: string;
  context?: string;
}

const jsonLines = (output: string): JsonLogLine[] =>
  output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as JsonLogLine);

describe('the built app under an operator', () => {
  let app: AppProcess | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it('writes one parseable JSON line per MCP exchange, with the request id, era, method, target and outcome', async () => {
    app = await AppProcess.start({ LOG_FORMAT: 'json' });
    await app.ready();
    const client = await connectMcpClient(app.url, 'modern', {
      transport: { requestInit: { headers: { 'x-request-id': 'trace-42' } } },
    });
    await client.callTool({ name: 'searchNotes', arguments: { query: 'milk', token: 'hunter2' } });
    await client.close();
    expect(await app.stop()).toBe(0);

    const lines = jsonLines(app.output);
    expect(lines.length).toBeGreaterThan(0);
    const call = lines.find((line) => line.context === 'McpRequest' && line.mcp_method === 'tools/call');
    expect(call?.level).toBe('info');
    expect(call).toMatchObject({
      request_id: 'trace-42',
      era: '2026-07-28',
      mcp_method: 'tools/call',
      target: 'searchNotes',
      http_status: 200,
      outcome: 'ok',
    });
    expect(typeof call!.duration_ms).toBe('number');
    // Arguments are not logged unless asked for.
    expect(app.output).not.toContain('hunter2');
  });

  it('logs arguments only when LOG_PAYLOADS=true, with secret-looking keys redacted', async () => {
    app = await AppProcess.start({ LOG_FORMAT: 'json', LOG_PAYLOADS: 'true' });
    await app.ready();
    const client = await connectMcpClient(app.url, 'modern');
    await client.callTool({ name: 'searchNotes', arguments: { query: 'milk', apiKey: 'hunter2' } });
    await client.close();
    await app.stop();
    const call = jsonLines(app.output).find((line) => line.mcp_method === 'tools/call');
    expect(call!.args).toEqual({ query: 'milk', apiKey: '[redacted]' });
    expect(app.output).not.toContain('hunter2');
  });

  it('drains on SIGTERM: not ready, new requests 503, the call in flight finishes, exit 0', async () => {
    app = await AppProcess.start({ MCP_SHUTDOWN_GRACE_MS: '8000' });
    await app.ready();
    const client = await connectMcpClient(app.url, 'modern');
    const call = client.callTool({ name: 'exportNotes', arguments: { delayMs: 700 } });
    await new Promise((resolve) => setTimeout(resolve, 200));
    app.signal('SIGTERM');

    await expect
      .poll(async () => (await fetch(new URL('/health/ready', app!.url))).status, { timeout: 3_000 })
      .toBe(503);
    const refused = await post(app.url, initializeBody());
    expect(refused.status).toBe(503);
    expect(refused.headers.get('retry-after')).toBeTruthy();
    expect(await refused.json()).toMatchObject({ error: { code: JsonRpcCode.ServiceUnavailable } });

    const result = await call;
    expect(result.isError).toBeFalsy();
    expect((result.content as { text: string }[])[0].text).toContain('# Welcome');
    expect(await app.exit()).toBe(0);
  });

  it('cancels a call still running at the end of the grace period through its AbortSignal, then exits 0', async () => {
    app = await AppProcess.start({ MCP_SHUTDOWN_GRACE_MS: '300' });
    await app.ready();
    const client = await connectMcpClient(app.url, 'modern');
    const call = client
      .callTool({ name: 'exportNotes', arguments: { delayMs: 5000 } })
      .then((result) => result)
      .catch((error: Error) => error);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const signalledAt = Date.now();
    app.signal('SIGTERM');
    expect(await app.exit()).toBe(0);
    expect(Date.now() - signalledAt).toBeLessThan(4_000);
    const outcome = await call;
    // Either the aborted tool's error result reached the client, or the connection closed under it.
    if (!(outcome instanceof Error)) expect(outcome.isError).toBe(true);
    expect(app.output).toContain('grace period over: cancelling 1 call(s)');
  });
});

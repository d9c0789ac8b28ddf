import { fileURLToPath } from 'node:url';
import { Client } from '@modelcontextprotocol/client';
import { afterEach, describe, expect, it } from 'vitest';
import { AppProcess, connectMcpClient, runScript } from 'nest-mcp/testing';

/** The token CLI the framework ships, to sign in as a named subject. */
const MINT_TOKEN = fileURLToPath(
  import.meta.resolve('nest-mcp/package.json').replace('package.json', 'dist/cli/mint-token.js'),
);
const SECRET = 'logs-spec-secret-that-is-at-least-32-characters';

type Line = Record<string, unknown>;

/** Every line of the output, each parsed as one JSON object (a line that is not one fails the test). */
function jsonLines(output: string): Line[] {
  const lines = output.split('\n').filter((line) => line.length > 0);
  expect(lines.length).toBeGreaterThan(0);
  return lines.map((line) => {
    try {
      return JSON.parse(line) as Line;
    } catch {
      throw new Error(`not one JSON object per line: ${JSON.stringify(line)}`);
    }
  });
}

/** What every line carries, whoever wrote it. */
function expectCommonFields(line: Line): void {
  expect(line.time, JSON.stringify(line)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  expect(['fatal', 'error', 'warn', 'info', 'debug', 'trace']).toContain(line.level);
  expect(typeof line.msg, JSON.stringify(line)).toBe('string');
  expect(typeof line.context, JSON.stringify(line)).toBe('string');
  expect(line).not.toHaveProperty('message');
  expect(line).not.toHaveProperty('stack');
}

describe('the built app logs for a pipeline (LOG_FORMAT=json)', () => {
  let app: AppProcess | undefined;
  afterEach(async () => {
    await app?.stop();
    app = undefined;
  });

  it("writes every line, Nest's startup lines and the exchange line alike, as one flat JSON object", async () => {
    app = await AppProcess.start({ LOG_FORMAT: 'json', LOG_LEVEL: 'info', MCP_JWT_SECRET: SECRET });
    await app.ready();
    const minted = await runScript(MINT_TOKEN, { MCP_JWT_SECRET: SECRET, PORT: String(app.port) }, [
      '--sub',
      'alice',
      '--scope',
      'notes:read',
    ]);
    const token = minted.output.trim();
    const headers = { authorization: `Bearer ${token}`, 'x-request-id': 'logs-42' };
    const client: Client = await connectMcpClient(app.url, 'modern', { transport: { requestInit: { headers } } });
    await client.callTool({ name: 'searchNotes', arguments: { query: 'milk' } });
    await client.close();
    expect(await app.stop()).toBe(0);

    const lines = jsonLines(app.output);
    for (const line of lines) expectCommonFields(line);
    const contexts = new Set(lines.map((line) => line.context));
    for (const nests of ['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']) {
      expect(contexts, nests).toContain(nests);
    }
    expect(lines.find((line) => line.context === 'NestApplication')).toMatchObject({
      level: 'info',
      msg: 'Nest application successfully started',
    });

    const call = lines.find((line) => line.context === 'McpRequest' && line.mcp_method === 'tools/call');
    expect(call).toMatchObject({
      level: 'info',
      msg: expect.stringMatching(/^tools\/call searchNotes -> 200 ok [\d.]+ms$/),
      request_id: 'logs-42',
      era: '2026-07-28',
      subject: 'alice',
      http_method: 'POST',
      mcp_method: 'tools/call',
      target: 'searchNotes',
      http_status: 200,
      outcome: 'ok',
      duration_ms: expect.any(Number),
    });
    expect(call).not.toHaveProperty('args');
    expect(app.output).not.toContain(token);
  });

  it('names the session of a 2025-era exchange', async () => {
    app = await AppProcess.start({ LOG_FORMAT: 'json' });
    await app.ready();
    const client: Client = await connectMcpClient(app.url, 'legacy');
    await client.callTool({ name: 'searchNotes', arguments: { query: 'milk' } });
    await client.close();
    await app.stop();
    const call = jsonLines(app.output).find((line) => line.mcp_method === 'tools/call');
    expect(call).toMatchObject({ era: '2025-11-25', outcome: 'ok', http_status: 200 });
    expect(call?.session_id).toEqual(expect.any(String));
  });

  it('writes a failed boot as one error line: no stack, no secret', async () => {
    // Both variables are refused, and neither value may reach the log.
    const { code, output } = await runScript('dist/main.js', {
      LOG_FORMAT: 'json',
      NODE_ENV: 'production',
      REDIS_URL: 'http://admin:hunter2@127.0.0.1:1',
      MCP_JWT_SECRET: 'hunter2-too-short',
    });
    expect(code).not.toBe(0);
    const lines = jsonLines(output);
    for (const line of lines) expectCommonFields(line);
    const failure = lines.find((line) => line.level === 'error' && line.context === 'McpBoot');
    expect(failure?.msg).toContain('MCP_JWT_SECRET');
    expect(failure?.msg).toContain('REDIS_URL');
    expect(output).not.toContain('hunter2');
    // A stack neither as lines of its own nor inside a JSON string.
    expect(output).not.toMatch(/^\s+at /m);
    expect(output).not.toContain('\\n    at ');
  });
});

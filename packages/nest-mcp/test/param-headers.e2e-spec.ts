import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { JsonRpcCode } from '../src/index.js';
import { startMcpApp, textOf, type RunningMcpApp } from '../src/testing/index.js';
import { ParamHeaderTools, paramHeadersModule } from './fixtures/param-headers.module.js';
import { post } from './support/raw-http.js';

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const base64 = (text: string) => `=?base64?${Buffer.from(text).toString('base64')}?=`;

/** A 2026-07-28 `tools/call` with its standard headers and the given `Mcp-Param-*` ones. */
function callTool(url: URL, name: string, args: Record<string, unknown>, params: Record<string, string> = {}) {
  const body = { jsonrpc: '2.0', id: 9, method: 'tools/call', params: { name, arguments: args, _meta: MODERN_META } };
  const headers = { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/call', 'mcp-name': name };
  return post(url, body, { ...headers, ...params });
}

describe('Mcp-Param-* headers mirror the body (SEP-2243), 2026-07-28', () => {
  let running: RunningMcpApp;
  let tools: ParamHeaderTools;
  beforeAll(async () => {
    running = await startMcpApp(paramHeadersModule());
    tools = running.app.get(ParamHeaderTools);
  });
  afterAll(() => running.close());
  beforeEach(() => {
    tools.ran.length = 0;
  });

  const served = async (response: Response) => {
    expect(response.status).toBe(200);
    const text = await response.text();
    expect(text).toContain('"result"');
    expect(text).not.toContain('"error"');
  };
  const refused = async (response: Response, header: string) => {
    expect(response.status).toBe(400);
    const body = (await response.json()) as { error: { code: number; message: string } };
    expect(body.error.code).toBe(JsonRpcCode.HeaderMismatch);
    expect(body.error.code).toBe(-32020);
    expect(body.error.message).toContain(header);
    expect(tools.ran).toEqual([]);
  };

  it('serves a call whose headers match the body: plain, Base64, numeric and nested, any header-name case', async () => {
    const args = { region: 'us-west1', query: 'SELECT 1', limit: 42, options: { dryRun: true } };
    await served(
      await callTool(running.url, 'run_query', args, {
        'MCP-PARAM-REGION': 'us-west1',
        'mcp-param-limit': '42.0',
        'Mcp-Param-Dry-Run': 'true',
      }),
    );
    await served(
      await callTool(
        running.url,
        'run_query',
        { region: 'Hello, 世界', query: 'q' },
        { 'Mcp-Param-Region': base64('Hello, 世界') },
      ),
    );
    // Without the sentinel's suffix the value is literal, not Base64.
    const literal = '=?base64?SGVsbG8=';
    await served(
      await callTool(running.url, 'run_query', { region: literal, query: 'q' }, { 'Mcp-Param-Region': literal }),
    );
    expect(tools.ran).toHaveLength(3);
  });

  it('refuses a header that disagrees with the body, before the tool runs', async () => {
    await refused(
      await callTool(running.url, 'run_query', { region: 'us-west1', query: 'q' }, { 'Mcp-Param-Region': 'eu-west1' }),
      'Mcp-Param-Region',
    );
    await refused(
      await callTool(
        running.url,
        'run_query',
        { region: 'us-west1', query: 'q', limit: 42 },
        { 'Mcp-Param-Region': 'us-west1', 'Mcp-Param-Limit': '43' },
      ),
      'Mcp-Param-Limit',
    );
    await refused(
      await callTool(
        running.url,
        'run_query',
        { region: 'us-west1', query: 'q', options: { dryRun: false } },
        { 'Mcp-Param-Region': 'us-west1', 'Mcp-Param-Dry-Run': 'true' },
      ),
      'Mcp-Param-Dry-Run',
    );
  });

  it.each([
    ['bad padding', '=?base64?SGVsbG8?='],
    ['characters outside the alphabet', '=?base64?SGVs!!!bG8=?='],
    ['bytes that are not UTF-8', `=?base64?${Buffer.from([0xff, 0xfe]).toString('base64')}?=`],
  ])('refuses a malformed header (%s), before the tool runs', async (_case, value) => {
    await refused(
      await callTool(running.url, 'run_query', { region: 'Hello', query: 'q' }, { 'Mcp-Param-Region': value }),
      'Mcp-Param-Region',
    );
  });

  it('refuses a call whose body carries a mirrored value without its header, before the tool runs', async () => {
    await refused(await callTool(running.url, 'run_query', { region: 'us-west1', query: 'q' }), 'Mcp-Param-Region');
    await refused(await callTool(running.url, 'tenant_lookup', { tenant: 'acme' }), 'Mcp-Param-Tenant');
  });

  it('expects no header for a value the body leaves out or sets to null', async () => {
    await served(
      await callTool(running.url, 'run_query', { region: 'us-west1', query: 'q' }, { 'Mcp-Param-Region': 'us-west1' }),
    );
    expect(tools.ran).toHaveLength(1);
    // A null `limit` is no reason for -32020: the call goes on, and argument validation answers it.
    const response = await callTool(
      running.url,
      'run_query',
      { region: 'us-west1', query: 'q', limit: null },
      { 'Mcp-Param-Region': 'us-west1' },
    );
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ result: { isError: true } });
  });

  it('leaves calls of tools without mirrored parameters, and other methods, as they were', async () => {
    await served(await callTool(running.url, 'plain_echo', { text: 'hi' }, { 'Mcp-Param-Region': 'anything' }));
    expect(tools.ran).toEqual([{ text: 'hi' }]);
  });

  it('serves any value a client encodes as the spec says, and refuses any other header with -32020, never a 5xx', async () => {
    const clientEncoding = (value: string) =>
      /^[\x21-\x7e](?:[\x20-\x7e]*[\x21-\x7e])?$/.test(value) &&
      !(value.startsWith('=?base64?') && value.endsWith('?='))
        ? value
        : base64(value);
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'grapheme', maxLength: 12 }),
        // Any printable value but the Base64 sentinel's, whose meaning the cases above pin.
        fc.string({ maxLength: 16 }).filter((sent) => !sent.trim().startsWith('=?base64?')),
        async (region, sent) => {
          const encoded = await callTool(
            running.url,
            'run_query',
            { region, query: 'q' },
            { 'Mcp-Param-Region': clientEncoding(region) },
          );
          expect(encoded.status).toBe(200);
          await encoded.text();
          const other = await callTool(running.url, 'run_query', { region, query: 'q' }, { 'Mcp-Param-Region': sent });
          const answer = await other.text();
          // Node trims a header's surrounding whitespace: what the server reads is the trimmed value.
          if (sent.trim() === region) expect(other.status).toBe(200);
          else expect([other.status, JSON.parse(answer).error?.code]).toEqual([400, JsonRpcCode.HeaderMismatch]);
        },
      ),
      { numRuns: 40 },
    );
  });

  it('leaves the 2025-era wire, which has no such headers, as it was', async () => {
    const client = await running.connect('legacy');
    try {
      const result = await client.callTool({ name: 'run_query', arguments: { region: 'us-west1', query: 'q' } });
      expect(textOf(result)).toBe('ran in us-west1');
    } finally {
      await client.close();
    }
  });

  it('serves the SDK v2 client, which mirrors the declared parameters itself', async () => {
    const client = await running.connect('modern');
    try {
      await client.listTools();
      const result = await client.callTool({ name: 'tenant_lookup', arguments: { tenant: 'Zürich' } });
      expect(textOf(result)).toBe('tenant Zürich');
    } finally {
      await client.close();
    }
  });
});

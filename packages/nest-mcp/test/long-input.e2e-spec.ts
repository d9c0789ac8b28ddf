import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess } from './support/fixture-app.js';
import { initializeBody, post } from './support/raw-http.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
/** The SDK's URI template matching refuses (throws on) anything longer than 1,000,000 characters. */
const PAST_THE_LIMIT = 'x'.repeat(1_000_001);
const MEGABYTE = 'y'.repeat(1_000_000);
const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const SMALL = 2048;

type Era = '2025' | '2026-07-28';
const request = (method: string, params: Record<string, unknown>) => ({ jsonrpc: '2.0', id: 7, method, params });

/** Client input a megabyte long, in each place a request can carry a name or a URI. */
const CASES: [string, Era, ReturnType<typeof request>][] = [
  ['resources/read of a URI past the limit', '2025', request('resources/read', { uri: `notes://${PAST_THE_LIMIT}` })],
  [
    'resources/read of a long URI a template matches',
    '2025',
    request('resources/read', { uri: `notes://${MEGABYTE}` }),
  ],
  ['resources/read of a long unknown URI', '2025', request('resources/read', { uri: `zz://${MEGABYTE}` })],
  [
    'resources/subscribe of a URI past the limit',
    '2025',
    request('resources/subscribe', { uri: `notes://${PAST_THE_LIMIT}` }),
  ],
  ['tools/call of an unknown name', '2025', request('tools/call', { name: MEGABYTE, arguments: {} })],
  ['prompts/get of an unknown name', '2025', request('prompts/get', { name: MEGABYTE })],
  [
    'completion/complete of an unknown prompt',
    '2025',
    request('completion/complete', { ref: { type: 'ref/prompt', name: MEGABYTE }, argument: { name: 'a', value: '' } }),
  ],
  [
    'completion/complete of an unknown template',
    '2025',
    request('completion/complete', {
      ref: { type: 'ref/resource', uri: MEGABYTE },
      argument: { name: 'a', value: '' },
    }),
  ],
  [
    'resources/read of a URI past the limit',
    '2026-07-28',
    request('resources/read', { uri: `notes://${PAST_THE_LIMIT}` }),
  ],
  ['tools/call of an unknown name', '2026-07-28', request('tools/call', { name: MEGABYTE, arguments: {} })],
  ['prompts/get of an unknown name', '2026-07-28', request('prompts/get', { name: MEGABYTE })],
  ['an unknown method', '2026-07-28', request(MEGABYTE, {})],
];

describe('names and URIs a megabyte long, against the built app with auth on', () => {
  let app: AppProcess;
  let token: string;
  let sessionId: string;

  beforeAll(async () => {
    app = await AppProcess.start({ MCP_JWT_SECRET: SECRET, LOG_FORMAT: 'json' });
    await app.ready();
    token = await new SignJWT({ sub: 'alice', aud: app.url.href, scope: 'notes:read notes:write' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode(SECRET));
    const opened = await post(app.url, initializeBody(), { authorization: `Bearer ${token}` });
    await opened.text();
    sessionId = opened.headers.get('mcp-session-id')!;
  });
  afterAll(() => app.stop());

  /** A 2025 request goes to the session; a 2026-07-28 one carries the standard headers a megabyte fits in. */
  const headersFor = (era: Era, body: ReturnType<typeof request>): Record<string, string> => {
    const auth = { authorization: `Bearer ${token}` };
    if (era === '2025') return { ...auth, 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
    return { ...auth, 'mcp-protocol-version': '2026-07-28', 'mcp-method': body.method.slice(0, 64) };
  };

  it.each(CASES)('answers %s (%s) with a short JSON-RPC error, never a 5xx', async (_case, era, body) => {
    const modern = era === '2026-07-28' ? { ...body, params: { ...body.params, _meta: MODERN_META } } : body;
    const response = await post(app.url, modern, headersFor(era, body));
    const text = await response.text();
    expect(response.status).toBeLessThan(500);
    expect(text.length).toBeLessThan(SMALL);
    expect(text).toMatch(/"error":\{"code":-32\d{3}/);
  });

  it('refuses a 2026-07-28 listen whose filter names a URI past the limit with invalid params, briefly', async () => {
    const listen = request('subscriptions/listen', {
      notifications: { resourceSubscriptions: [`notes://${PAST_THE_LIMIT}`] },
      _meta: MODERN_META,
    });
    const response = await post(app.url, listen, headersFor('2026-07-28', listen));
    expect(response.status).toBe(400);
    const text = await response.text();
    expect(text.length).toBeLessThan(SMALL);
    expect(JSON.parse(text)).toMatchObject({ jsonrpc: '2.0', error: { code: -32602 } });
  });

  it('logs none of it as an error, and no log line quotes the input at length', async () => {
    const lines = app.output.split('\n');
    expect(lines.filter((line) => /"level":"(error|fatal)"/.test(line))).toEqual([]);
    expect(lines.filter((line) => line.length > SMALL).map((line) => line.slice(0, 200))).toEqual([]);
  });
});

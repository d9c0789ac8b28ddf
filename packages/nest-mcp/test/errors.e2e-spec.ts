import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonRpcCode } from '../src/index.js';
import { startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { CLIENT_KINDS, connectTestClient, textOf, type TestClient } from '../src/testing/clients.js';
import { REFUSALS, refusalsModule, type RefusalName } from './fixtures/refusals.module.js';
import { initializeBody, post } from './support/raw-http.js';

/** What a client sees for each refusal, wherever it surfaces. */
const SEEN: Record<RefusalName, { status: number; code: number }> = {
  forbidden: { status: 403, code: JsonRpcCode.Forbidden },
  unauthorized: { status: 401, code: JsonRpcCode.Unauthorized },
  throttled: { status: 429, code: JsonRpcCode.TooManyRequests },
  'not-found': { status: 404, code: JsonRpcCode.InvalidParams },
  'bad-request': { status: 400, code: JsonRpcCode.InvalidParams },
  'too-large': { status: 413, code: JsonRpcCode.PayloadTooLarge },
  'store-unavailable': { status: 503, code: JsonRpcCode.ServiceUnavailable },
};
const NAMES = Object.keys(SEEN) as RefusalName[];
/** Refusals of a tool call itself; a tool's other failures are its results (`isError`). */
const CALL_REFUSALS: RefusalName[] = ['forbidden', 'unauthorized', 'throttled', 'store-unavailable'];

const MODERN_META = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const ENDPOINT_REQUESTS = {
  '2025 initialize': { body: initializeBody(), headers: {} },
  '2026-07-28 tools/list': {
    body: { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { _meta: MODERN_META } },
    headers: { 'mcp-protocol-version': '2026-07-28', 'mcp-method': 'tools/list' },
  },
};

type ContentClient = {
  readResource(params: { uri: string }): Promise<unknown>;
  getPrompt(params: { name: string; arguments: Record<string, string> }): Promise<unknown>;
};
const contentOf = (client: TestClient) => client.raw as unknown as ContentClient;

describe('one error, one code: the same refusal at the endpoint and inside a dispatcher', () => {
  let running: RunningMcpApp;
  beforeAll(async () => {
    running = await startMcpApp(refusalsModule());
  });
  afterAll(() => running.close());

  describe.each(Object.entries(ENDPOINT_REQUESTS))('at the endpoint (%s)', (_request, { body, headers }) => {
    it.each(NAMES)('answers a guard refusing with %s with its HTTP status and code', async (name) => {
      const response = await post(running.url, body, { ...headers, 'x-refuse': name });
      expect(response.status).toBe(SEEN[name].status);
      expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: SEEN[name].code }, id: null });
    });
  });

  describe.each(CLIENT_KINDS)('inside a dispatcher (%s)', (kind) => {
    let client: TestClient;
    beforeAll(async () => {
      client = await connectTestClient(kind, running.url);
    });
    afterAll(() => client.close());

    it.each(NAMES)('gives a resource read and a prompt refused with %s the same code', async (name) => {
      const { code } = SEEN[name];
      await expect(contentOf(client).readResource({ uri: `refuse://${name}` })).rejects.toMatchObject({ code });
      const prompt = contentOf(client).getPrompt({ name: 'refusing', arguments: { refuse: name } });
      await expect(prompt).rejects.toMatchObject({ code });
    });

    it.each(CALL_REFUSALS)(
      'gives a tool call refused with %s, by its guard or its handler, the same code',
      async (name) => {
        const { code } = SEEN[name];
        await expect(client.callTool('guarded', { refuse: name })).rejects.toMatchObject({ code });
        await expect(client.callTool('throws', { refuse: name })).rejects.toMatchObject({ code });
      },
    );

    it.each(NAMES.filter((name) => !CALL_REFUSALS.includes(name)))(
      'answers a tool failing with %s with an isError result carrying its message',
      async (name) => {
        const { message } = REFUSALS[name]() as Error;
        for (const tool of ['guarded', 'throws']) {
          const result = await client.callTool(tool, { refuse: name });
          expect(result).toMatchObject({ isError: true });
          expect(textOf(result)).toBe(message);
        }
      },
    );

    it('tells an unknown resource (InvalidParams) from an unknown session (SessionNotFound, 404)', async () => {
      const missing = contentOf(client).readResource({ uri: 'nowhere://at-all' });
      await expect(missing).rejects.toMatchObject({ code: JsonRpcCode.InvalidParams });
      const listBody = { jsonrpc: '2.0', id: 9, method: 'tools/list', params: {} };
      const unknown = await post(running.url, listBody, {
        'mcp-session-id': 'no-such-session',
        'mcp-protocol-version': '2025-06-18',
      });
      expect(unknown.status).toBe(404);
      expect(await unknown.json()).toMatchObject({ error: { code: JsonRpcCode.SessionNotFound } });
    });
  });
});

import { Body, Controller, Get, Module, Post, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonRpcCode } from '../src/index.js';
import { CLIENT_KINDS, connectTestClient, textOf } from '../src/testing/clients.js';
import { featureModule } from './fixtures/feature.module.js';
import { post } from './support/raw-http.js';

/** The app's own REST routes beside the MCP endpoint; the JSON one relies on Nest's body parser. */
@Controller('greetings')
class GreetingsController {
  @Get()
  list() {
    return ['hello'];
  }

  @Post()
  create(@Body() body: { name?: string }) {
    return { greeting: `hello ${body?.name}` };
  }
}

@Module({ imports: [featureModule()], controllers: [GreetingsController] })
class PlainAppModule {}

/** An app made the ordinary way: `NestFactory.create` with its defaults (JSON body parser on, 100kb limit). */
describe('McpModule in an app made with plain NestFactory.create', () => {
  let app: INestApplication;
  let base: URL;
  let endpoint: URL;

  beforeAll(async () => {
    app = await NestFactory.create(PlainAppModule, { logger: ['error', 'warn'] });
    await app.listen(0, '127.0.0.1');
    base = new URL(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
    endpoint = new URL('/mcp', base);
  });
  afterAll(() => app.close());

  it.each(CLIENT_KINDS)('serves the discovered tools to %s', async (kind) => {
    const client = await connectTestClient(kind, endpoint);
    expect(textOf(await client.callTool('echo', { text: 'ab', count: 2 }))).toBe('abab');
    const bad = await client.callTool('echo', { text: 'ab', count: 'two' });
    expect(bad.isError).toBe(true);
    await client.close();
  });

  it("keeps the app's other routes working, its JSON body parsed by Nest", async () => {
    const listed = await fetch(new URL('/greetings', base));
    expect(await listed.json()).toEqual(['hello']);
    const created = await post(new URL('/greetings', base), { name: 'Ada' });
    expect(created.status).toBe(201);
    expect(await created.json()).toEqual({ greeting: 'hello Ada' });
  });

  it('answers a body over the parser limit on the endpoint with a JSON-RPC error', async () => {
    const huge = { jsonrpc: '2.0', id: 1, method: 'tools/list', params: { pad: 'x'.repeat(200_000) } };
    const response = await post(endpoint, huge);
    expect(response.status).toBe(413);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: JsonRpcCode.PayloadTooLarge } });
  });

  it('answers a malformed body on the endpoint with a JSON-RPC parse error', async () => {
    const response = await post(endpoint, '{"jsonrpc": "2.0", "id": 1,');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', id: null, error: { code: JsonRpcCode.ParseError } });
  });

  it('refuses absurd nesting in a body Nest already parsed, as in one it reads itself, and keeps serving', async () => {
    const nested = `${'{"a":'.repeat(5_000)}1${'}'.repeat(5_000)}`;
    const deep = `{"jsonrpc":"2.0","id":1,"method":"tools/call","params":{"name":"echo","arguments":${nested}}}`;
    const response = await post(endpoint, deep);
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({
      error: { code: JsonRpcCode.InvalidRequest, message: expect.stringContaining('nested deeper than 64') },
    });
    const client = await connectTestClient('sdk-v2-modern', endpoint);
    expect(textOf(await client.callTool('echo', { text: 'a', count: 1 }))).toBe('a');
    await client.close();
  });

  it("leaves a parser failure on the app's own routes to Nest", async () => {
    const response = await post(new URL('/greetings', base), '{"name":');
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ statusCode: 400 });
  });

  it("answers the parser's failures as JSON-RPC under a global prefix too", async () => {
    const prefixed = await NestFactory.create(PlainAppModule, { logger: ['error', 'warn'] });
    prefixed.setGlobalPrefix('api');
    await prefixed.listen(0, '127.0.0.1');
    try {
      const port = (prefixed.getHttpServer().address() as { port: number }).port;
      const response = await post(new URL(`http://127.0.0.1:${port}/api/mcp`), '{"jsonrpc":');
      expect(response.status).toBe(400);
      expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcCode.ParseError } });
    } finally {
      await prefixed.close();
    }
  });
});

import type { Server } from 'node:http';
import { Controller, Get, Module, type INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { afterEach, describe, expect, it } from 'vitest';
import { McpModule } from '../src/index.js';
import { connectTestClient } from '../src/testing/clients.js';

/** The app's own health and metrics routes, at the paths the module would serve by default. */
@Controller()
class OwnOpsController {
  @Get('health/live')
  live() {
    return { own: 'live' };
  }

  @Get('metrics')
  metrics() {
    return { own: 'metrics' };
  }
}

const AUTH = { mode: 'jwt', secret: 'x'.repeat(32), resourceUrl: 'http://127.0.0.1/mcp' };

const appWith = (options: Record<string, unknown>, controllers: (new () => unknown)[]) => {
  @Module({
    imports: [McpModule.forRoot({ name: 'footprint', version: '1', ...options })],
    controllers,
  })
  class FootprintModule {}
  return FootprintModule;
};

/** What `McpModule` adds to an app beside its endpoint: each part is an option. */
describe("McpModule's footprint in an app", () => {
  let app: INestApplication | undefined;
  afterEach(() => app?.close());

  async function start(options: Record<string, unknown>, controllers = [OwnOpsController]): Promise<URL> {
    app = await NestFactory.create(appWith(options, controllers), { logger: ['error'] });
    await app.listen(0, '127.0.0.1');
    return new URL(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`);
  }

  it('leaves /health and /metrics to the app when they are turned off', async () => {
    const base = await start({ healthPath: false, metricsPath: false, auth: AUTH });
    expect(await (await fetch(new URL('/health/live', base))).json()).toEqual({ own: 'live' });
    expect(await (await fetch(new URL('/metrics', base))).json()).toEqual({ own: 'metrics' });
    expect((await fetch(new URL('/health/ready', base))).status).toBe(404);
  });

  it('serves them by default', async () => {
    const base = await start({ auth: AUTH }, []);
    expect((await fetch(new URL('/health/ready', base))).status).toBe(200);
    expect((await fetch(new URL('/metrics', base))).headers.get('content-type')).toContain('text/plain');
    const metadata = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', base));
    expect(await metadata.json()).toMatchObject({ resource: 'http://127.0.0.1/mcp' });
  });

  it("leaves the HTTP server's own deadlines alone with httpTimeouts: false", async () => {
    await start({ httpTimeouts: false });
    const server = app!.getHttpServer() as Server;
    expect(server.requestTimeout).toBe(300_000);
    expect(server.headersTimeout).toBe(60_000);
  });

  it('still serves MCP with all of them off', async () => {
    const base = await start({ healthPath: false, metricsPath: false, httpTimeouts: false });
    const client = await connectTestClient('sdk-v2-modern', new URL('/mcp', base));
    expect((await client.raw.listTools()).tools).toEqual([]);
    await client.close();
  });
});

import { Injectable, Module } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpApplication, McpModule, Tool, type McpModuleOptions } from '../src/index.js';
import { CLIENT_KINDS, connectTestClient, startMcpApp, textOf, type RunningMcpApp } from '../src/testing/index.js';
import { initializeBody, post } from './support/raw-http.js';

const API_KEY = { subject: 'ci', key: 'sk_registrations_0123456789', scopes: [] };
const withKey = { headers: { 'x-api-key': API_KEY.key } };

@Injectable()
class AlphaTools {
  @Tool({ description: 'Served at /a' })
  alpha(): string {
    return 'from a';
  }
}
@Module({ providers: [AlphaTools] })
class AlphaModule {}

@Injectable()
class BetaTools {
  @Tool({ description: 'Served at /b' })
  beta(): string {
    return 'from b';
  }
}
@Module({ providers: [BetaTools] })
class BetaModule {}

const server = (name: string, path: string, include: McpModuleOptions['include'], extra: Partial<McpModuleOptions> = {}) =>
  McpModule.forRoot({
    name,
    version: '1.0.0',
    path,
    include,
    auth: { mode: 'jwt', resourceUrl: `http://mcp.test${path}`, apiKeys: [API_KEY] },
    isGlobal: false,
    ...extra,
  });

@Module({
  imports: [
    AlphaModule,
    BetaModule,
    server('server-a', '/a', [AlphaModule]),
    server('server-b', '/b', [BetaModule], { healthPath: false, metricsPath: false }),
  ],
})
class TwoServersModule {}

describe('two McpModule registrations in one app', () => {
  let running: RunningMcpApp | undefined;
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  describe.each(CLIENT_KINDS)('with %s', (kind) => {
    it('serves each registration at its own path with its own tools', async () => {
      running = await startMcpApp(TwoServersModule);
      for (const [path, tool] of [
        ['/a', 'alpha'],
        ['/b', 'beta'],
      ]) {
        const client = await connectTestClient(kind, new URL(path, running.url), withKey);
        const { tools } = await client.raw.listTools();
        expect(tools.map((entry) => entry.name)).toEqual([tool]);
        expect(textOf(await client.callTool(tool))).toBe(`from ${tool === 'alpha' ? 'a' : 'b'}`);
        await client.close();
      }
    });
  });

  it('serves the RFC 9728 metadata of each resource at its own location, and health once', async () => {
    running = await startMcpApp(TwoServersModule);
    for (const path of ['/a', '/b']) {
      const metadata = await fetch(new URL(`/.well-known/oauth-protected-resource${path}`, running.url));
      expect(metadata.status).toBe(200);
      expect(await metadata.json()).toMatchObject({ resource: `http://mcp.test${path}` });
    }
    // The root location belongs to no one resource when there are two.
    expect((await fetch(new URL('/.well-known/oauth-protected-resource', running.url))).status).toBe(404);
    expect((await fetch(new URL('/health/ready', running.url))).status).toBe(200);
  });

  it('stops the boot when two registrations would serve one route, naming it', async () => {
    @Module({ imports: [server('server-a', '/a', [AlphaModule]), server('server-b', '/b', [BetaModule])] })
    class ClashingModule {}
    const error = await startMcpApp(ClashingModule, { abortOnError: false, logger: false }).catch((e: Error) => e);
    expect(error).toBeInstanceOf(Error);
    expect((error as Error).message).toContain('"server-a" and "server-b" both serve /health');
  });
});

describe('two apps in one process', () => {
  const apps: NestExpressApplication[] = [];
  afterEach(async () => {
    await Promise.all(apps.splice(0).map((app) => app.close()));
  });

  const appModule = (path: string) => {
    @Module({ imports: [AlphaModule, McpModule.forRoot({ name: `app${path}`, version: '1', path })] })
    class AppModule {}
    return AppModule;
  };

  it('each serves its own path, whichever was created last', async () => {
    // Both are created before either listens: routes are read when an app initializes.
    apps.push(await createMcpApplication(appModule('/one'), { logger: false }));
    apps.push(await createMcpApplication(appModule('/two'), { logger: false }));
    const urls: URL[] = [];
    for (const app of apps) {
      await app.listen(0, '127.0.0.1');
      urls.push(new URL(`http://127.0.0.1:${(app.getHttpServer().address() as { port: number }).port}`));
    }
    expect((await post(new URL('/one', urls[0]), initializeBody())).status).toBe(200);
    expect((await post(new URL('/two', urls[1]), initializeBody())).status).toBe(200);
    expect((await post(new URL('/two', urls[0]), initializeBody())).status).toBe(404);
  });
});

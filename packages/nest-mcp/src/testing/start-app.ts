import type { Client } from '@modelcontextprotocol/client';
import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import type { DevTokenClaims } from '../auth/dev-token.js';
import { createMcpApplication } from '../mcp-application.js';
import { DEFAULT_MCP_PATH } from '../mcp.module.js';
import { connectMcpClient, type ClientEra, type ConnectOptions } from './connect.js';
import { bearer, mintTestToken } from './test-token.js';

export interface RunningMcpApp {
  app: INestApplication;
  /** The MCP endpoint's URL on 127.0.0.1 and the port the app got. */
  url: URL;
  /**
   * A bearer token this app accepts (HS256 with its `auth.secret`, its audience
   * and issuer). Rejects, naming what to configure, when auth is off or the app
   * verifies with a public key or JWKS.
   */
  token(claims?: DevTokenClaims): Promise<string>;
  /** An SDK v2 client connected to `url` in `era` (default `modern`), sending `token` as its bearer. */
  connect(era?: ClientEra, options?: ConnectOptions & { token?: string }): Promise<Client>;
  close(): Promise<void>;
}

/**
 * Starts `rootModule` on a loopback port (a free one unless `port` is given), as `main.ts` would.
 * Unless `auth.resourceUrl` (`MCP_RESOURCE_URL`) is set, the app's resource URL, and so the
 * audience its tokens need, is its URL on that port: `running.token()` mints for it.
 */
export async function startMcpApp(
  rootModule: unknown,
  options: NestApplicationOptions & { path?: string; port?: number } = {},
): Promise<RunningMcpApp> {
  const { path = DEFAULT_MCP_PATH, port = 0, ...nestOptions } = options;
  const app = await createMcpApplication(rootModule, {
    logger: ['error', 'warn'],
    // A module that cannot be built rejects (the test sees why) instead of aborting the test process.
    abortOnError: false,
    ...nestOptions,
  });
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  const url = new URL(`http://127.0.0.1:${address.port}${path}`);
  return {
    app,
    url,
    token: (claims) => mintTestToken(app, claims),
    connect: (era = 'modern', { token, ...connectOptions } = {}) =>
      connectMcpClient(url, era, token ? withHeaders(connectOptions, bearer(token)) : connectOptions),
    close: () => app.close(),
  };
}

function withHeaders(options: ConnectOptions, headers: Record<string, string>): ConnectOptions {
  const requestInit = options.transport?.requestInit;
  return {
    ...options,
    transport: {
      ...options.transport,
      requestInit: { ...requestInit, headers: { ...(requestInit?.headers as Record<string, string>), ...headers } },
    },
  };
}

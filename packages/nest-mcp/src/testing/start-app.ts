import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import { createMcpApplication } from '../mcp-application.js';
import { DEFAULT_MCP_PATH } from '../mcp.module.js';

export interface RunningMcpApp {
  app: INestApplication;
  /** The MCP endpoint's URL on 127.0.0.1 and the port the app got. */
  url: URL;
  close(): Promise<void>;
}

/** Starts `rootModule` on a loopback port (a free one unless `port` is given), as `main.ts` would. */
export async function startMcpApp(
  rootModule: unknown,
  options: NestApplicationOptions & { path?: string; port?: number } = {},
): Promise<RunningMcpApp> {
  const { path = DEFAULT_MCP_PATH, port = 0, ...nestOptions } = options;
  const app = await createMcpApplication(rootModule, {
    logger: ['error', 'warn'],
    ...nestOptions,
  });
  await app.listen(port, '127.0.0.1');
  const address = app.getHttpServer().address() as { port: number };
  return {
    app,
    url: new URL(`http://127.0.0.1:${address.port}${path}`),
    close: () => app.close(),
  };
}

import type { INestApplication, NestApplicationOptions } from '@nestjs/common';
import {
  Client,
  StreamableHTTPClientTransport,
  type ClientOptions,
  type StreamableHTTPClientTransportOptions,
} from '@modelcontextprotocol/client';
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

/** `modern` pins 2026-07-28; `negotiate` probes and picks; `legacy` speaks the 2025 handshake. */
export type ClientEra = 'modern' | 'negotiate' | 'legacy';

export interface ConnectOptions {
  /** Client options (capabilities, …); the era sets `versionNegotiation`. */
  client?: ClientOptions;
  /** Transport options: `requestInit` headers, an `authProvider`, … */
  transport?: StreamableHTTPClientTransportOptions;
  /** Runs before connecting, e.g. to register elicitation or sampling handlers. */
  configure?: (client: Client) => void;
}

/** Connects an SDK v2 client to `url` in the given era. */
export async function connectMcpClient(url: URL, era: ClientEra, options: ConnectOptions = {}): Promise<Client> {
  const versionNegotiation =
    era === 'modern' ? { mode: { pin: '2026-07-28' } } : era === 'negotiate' ? { mode: 'auto' } : undefined;
  const client = new Client({ name: 'mcp-testing', version: '1.0.0' }, {
    ...options.client,
    ...(versionNegotiation && { versionNegotiation }),
  } as ClientOptions);
  options.configure?.(client);
  await client.connect(new StreamableHTTPClientTransport(url, options.transport));
  return client;
}

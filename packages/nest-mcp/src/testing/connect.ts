import {
  Client,
  StreamableHTTPClientTransport,
  type ClientOptions,
  type StreamableHTTPClientTransportOptions,
} from '@modelcontextprotocol/client';

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

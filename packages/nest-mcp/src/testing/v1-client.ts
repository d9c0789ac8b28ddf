import type { Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

/** A 2025-era client from SDK v1, as most deployed clients still are. */
export async function connectV1Client(
  url: URL,
  capabilities: ConstructorParameters<typeof Client>[1] = {},
): Promise<{ client: Client; transport: StreamableHTTPClientTransport }> {
  // SDK v1 is an optional peer: loaded only when a test asks for a v1 client.
  const { Client: V1Client } = await import('@modelcontextprotocol/sdk/client/index.js');
  const { StreamableHTTPClientTransport: V1Transport } =
    await import('@modelcontextprotocol/sdk/client/streamableHttp.js');
  const client = new V1Client({ name: 'v1-e2e', version: '1.0.0' }, capabilities);
  const transport = new V1Transport(url);
  await client.connect(transport);
  return { client, transport };
}

import type { Client as V1Client } from '@modelcontextprotocol/sdk/client/index.js';
import type { Client as V2Client } from '@modelcontextprotocol/client';
import { connectMcpClient, type ClientEra } from './connect.js';

export type ClientKind = 'sdk-v1' | 'sdk-v2-legacy' | 'sdk-v2-modern';
export const CLIENT_KINDS: ClientKind[] = ['sdk-v1', 'sdk-v2-legacy', 'sdk-v2-modern'];

type ElicitHandler = (params: { message: string; requestedSchema?: unknown }) => {
  action: 'accept' | 'decline' | 'cancel';
  content?: Record<string, string | number | boolean | string[]>;
};
type SampleHandler = (params: { messages: unknown[] }) => { text: string };

export interface ClientHandlers {
  elicit?: ElicitHandler;
  sample?: SampleHandler;
  /** Extra HTTP headers on every request (e.g. Authorization). */
  headers?: Record<string, string>;
}

export interface CallOptions {
  signal?: AbortSignal;
  onprogress?: (progress: { progress: number; total?: number; message?: string }) => void;
}

type Result = {
  content: unknown[];
  isError?: boolean;
  structuredContent?: unknown;
};

/** One face over SDK v1 and v2 clients, so a test runs unchanged against each. */
export interface TestClient {
  kind: ClientKind;
  raw: V1Client | V2Client;
  callTool(name: string, args?: Record<string, unknown>, options?: CallOptions): Promise<Result>;
  close(): Promise<void>;
}

const samplingResult = (text: string) => ({
  role: 'assistant' as const,
  content: { type: 'text' as const, text },
  model: 'test-model',
});

export async function connectTestClient(
  kind: ClientKind,
  url: URL,
  handlers: ClientHandlers = {},
): Promise<TestClient> {
  const headers = handlers.headers ?? {};
  const capabilities = {
    ...(handlers.elicit && { elicitation: { form: {} } }),
    ...(handlers.sample && { sampling: {} }),
  };
  if (kind === 'sdk-v1') {
    // SDK v1 is an optional peer: loaded only by a test that asks for a v1 client.
    const [
      { Client: V1Client },
      { StreamableHTTPClientTransport: V1Transport },
      { CreateMessageRequestSchema, ElicitRequestSchema },
    ] = await Promise.all([
      import('@modelcontextprotocol/sdk/client/index.js'),
      import('@modelcontextprotocol/sdk/client/streamableHttp.js'),
      import('@modelcontextprotocol/sdk/types.js'),
    ]);
    const client = new V1Client({ name: 'e2e-v1', version: '1.0.0' }, { capabilities });
    if (handlers.elicit)
      client.setRequestHandler(ElicitRequestSchema, (request) => handlers.elicit!(request.params as never));
    if (handlers.sample) {
      client.setRequestHandler(CreateMessageRequestSchema, (request) =>
        samplingResult(handlers.sample!(request.params).text),
      );
    }
    await client.connect(new V1Transport(url, { requestInit: { headers } }));
    return {
      kind,
      raw: client,
      callTool: (name, args = {}, options = {}) =>
        client.callTool({ name, arguments: args }, undefined, options) as Promise<Result>,
      close: () => client.close(),
    };
  }
  const era: ClientEra = kind === 'sdk-v2-modern' ? 'modern' : 'legacy';
  const client = await connectMcpClient(url, era, {
    client: { capabilities },
    transport: { requestInit: { headers } },
    configure: (created) => {
      if (handlers.elicit) {
        created.setRequestHandler('elicitation/create', (request) => handlers.elicit!(request.params as never));
      }
      if (handlers.sample) {
        created.setRequestHandler('sampling/createMessage', (request) =>
          samplingResult(handlers.sample!(request.params).text),
        );
      }
    },
  });
  return {
    kind,
    raw: client,
    callTool: (name, args = {}, options = {}) => client.callTool({ name, arguments: args }, options) as Promise<Result>,
    close: () => client.close(),
  };
}

export const textOf = (result: Result): string =>
  (result.content as { type: string; text?: string }[]).map((item) => item.text ?? '').join('');

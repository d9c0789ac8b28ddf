import { post } from './raw-http.js';

/** What a 2026-07-28 client that negotiates the tasks extension (and answers forms) declares. */
export const TASKS_CLIENT_CAPABILITIES = {
  extensions: { 'io.modelcontextprotocol/tasks': {} },
  elicitation: { form: {} },
};

/** A JSON-RPC answer, and the HTTP status it came with. */
export interface RpcReply<R = Record<string, unknown>> {
  status: number;
  result?: R;
  error?: { code: number; message: string; data?: unknown };
}

export interface ModernRpcOptions {
  /** The request's client capabilities (default: `TASKS_CLIENT_CAPABILITIES`). */
  capabilities?: Record<string, unknown>;
  /** Sent as the bearer token. */
  token?: string;
  /** More `_meta` (a `traceparent`, say) beside the envelope. */
  meta?: Record<string, unknown>;
  /** More HTTP headers. */
  headers?: Record<string, string>;
}

/**
 * Sends one raw 2026-07-28 request as the SDK v2 client would: the envelope
 * in `_meta`, and the standard headers (`Mcp-Name` mirrors the body's
 * `name`, `uri` or `taskId`). Answered from JSON or from the SSE stream.
 */
export async function modernRpc<R = Record<string, unknown>>(
  url: URL,
  method: string,
  params: Record<string, unknown>,
  { capabilities = TASKS_CLIENT_CAPABILITIES, token, meta: moreMeta, headers }: ModernRpcOptions = {},
): Promise<RpcReply<R>> {
  const meta = {
    'io.modelcontextprotocol/protocolVersion': '2026-07-28',
    'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
    'io.modelcontextprotocol/clientCapabilities': capabilities,
    ...moreMeta,
  };
  const name = params.name ?? params.uri ?? params.taskId;
  const response = await post(
    url,
    { jsonrpc: '2.0', id: 1, method, params: { ...params, _meta: meta } },
    {
      'mcp-protocol-version': '2026-07-28',
      'mcp-method': method,
      ...(typeof name === 'string' && { 'mcp-name': name }),
      ...(token && { authorization: `Bearer ${token}` }),
      ...headers,
    },
  );
  const text = await response.text();
  const data = response.headers.get('content-type')?.includes('text/event-stream')
    ? (text
        .split('\n')
        .filter((line) => line.startsWith('data:'))
        .at(-1)
        ?.slice(5) ?? '{}')
    : text;
  return { status: response.status, ...(JSON.parse(data) as Omit<RpcReply<R>, 'status'>) };
}

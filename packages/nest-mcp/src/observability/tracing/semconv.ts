/**
 * Attribute names of the OpenTelemetry semantic conventions for MCP and
 * GenAI (development status, so not all are in
 * `@opentelemetry/semantic-conventions`'s stable entry), plus our outcome.
 */
export const Attr = {
  mcpMethod: 'mcp.method.name',
  mcpSession: 'mcp.session.id',
  mcpProtocolVersion: 'mcp.protocol.version',
  mcpResourceUri: 'mcp.resource.uri',
  jsonRpcRequestId: 'jsonrpc.request.id',
  rpcStatusCode: 'rpc.response.status_code',
  errorType: 'error.type',
  genAiOperation: 'gen_ai.operation.name',
  genAiTool: 'gen_ai.tool.name',
  genAiPrompt: 'gen_ai.prompt.name',
  networkTransport: 'network.transport',
  networkProtocol: 'network.protocol.name',
  httpStatusCode: 'http.response.status_code',
  /** How the exchange ended, as logs and metrics name it (`ok`, `is_error`, `error:<code>`, ...). */
  outcome: 'nest_mcp.outcome',
  taskId: 'nest_mcp.task.id',
} as const;

/**
 * The `error.type` and `rpc.response.status_code` of an outcome: a JSON-RPC
 * error is its code, an `isError` result is `tool_error`, an HTTP refusal is
 * its status; success has neither.
 */
export function errorOfOutcome(outcome: string): { type: string; code?: string } | undefined {
  if (outcome.startsWith('error:')) {
    const code = outcome.slice('error:'.length);
    return { type: code, code };
  }
  if (outcome === 'is_error') return { type: 'tool_error' };
  if (outcome.startsWith('http_')) return { type: outcome.slice('http_'.length) };
  return undefined;
}

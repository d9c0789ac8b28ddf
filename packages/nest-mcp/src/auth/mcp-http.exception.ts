import { HttpException } from '@nestjs/common';

/**
 * An HTTP refusal of an MCP request: the status, extra headers (such as a
 * `WWW-Authenticate` challenge) and the JSON-RPC error the body carries.
 */
export class McpHttpException extends HttpException {
  constructor(
    status: number,
    readonly rpcCode: number,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message, status);
  }
}

import { HttpException } from '@nestjs/common';
import { ProtocolError, ProtocolErrorCode, SdkError } from '@modelcontextprotocol/server';

/**
 * An error whose message is meant for the client. Any other error a handler
 * throws reaches the client as a generic message, so internals never leak.
 */
export class ToolError extends Error {
  override name = 'ToolError';
}

/** JSON-RPC codes for refusals raised by Nest's pipeline (guards, pipes) around a handler. */
const CODE_BY_STATUS: Record<number, number> = {
  400: ProtocolErrorCode.InvalidParams,
  401: -32001,
  403: -32003,
  404: ProtocolErrorCode.InvalidParams,
  429: -32029,
};

/** A guard's or pipe's `HttpException` as a JSON-RPC error (never an HTTP 500). */
export function pipelineRefusal(error: HttpException): ProtocolError {
  const status = error.getStatus();
  const code = CODE_BY_STATUS[status] ?? ProtocolErrorCode.InternalError;
  const message = status >= 500 ? 'Internal error' : error.message;
  return new ProtocolError(code, message, { status });
}

/** The message a client may see for a handler failure. */
export function safeMessage(error: unknown): string | undefined {
  if (error instanceof ToolError) return error.message;
  // The SDK's own errors (a client without elicitation, a timed-out request) describe the protocol, not our internals.
  if (error instanceof SdkError) return error.message;
  if (error instanceof HttpException && error.getStatus() < 500) return error.message;
  return undefined;
}

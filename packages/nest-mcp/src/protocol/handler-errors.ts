import { HttpException } from '@nestjs/common';
import { ProtocolError, ProtocolErrorCode, SdkError } from '@modelcontextprotocol/server';
import { clip, clipStrings, hasLongStrings, MESSAGE_CHARS } from '../errors/clip.js';

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
  const message = status >= 500 ? 'Internal error' : clip(error.message, MESSAGE_CHARS);
  return new ProtocolError(code, message, { status });
}

/** The message a client may see for a handler failure. */
export function safeMessage(error: unknown): string | undefined {
  if (error instanceof ToolError) return clip(error.message, MESSAGE_CHARS);
  // The SDK's own errors (a client without elicitation, a timed-out request) describe the protocol, not our internals.
  if (error instanceof SdkError) return clip(error.message, MESSAGE_CHARS);
  if (error instanceof HttpException && error.getStatus() < 500) return clip(error.message, MESSAGE_CHARS);
  return undefined;
}

/**
 * A protocol error a handler threw, as the client may see it: one that quotes
 * input at length (`new ResourceNotFoundError(uri)` with a megabyte URI) is
 * clipped, message and data; the usual short one passes as it is.
 */
export function clipped(error: ProtocolError): ProtocolError {
  if (!hasLongStrings(error.message) && !hasLongStrings(error.data)) return error;
  return new ProtocolError(error.code, clip(error.message, MESSAGE_CHARS), clipStrings(error.data));
}

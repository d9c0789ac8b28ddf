import { HttpException, Logger } from '@nestjs/common';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { pipelineRefusal, safeMessage } from './handler-errors.js';

const logger = new Logger('McpHandlers');

/**
 * Resource and prompt failures are JSON-RPC errors (tools report theirs as
 * results). The client sees a safe message; the log gets the class and
 * message, never the stack.
 */
export function rethrowAsProtocolError(error: unknown, what: string): never {
  if (error instanceof ProtocolError) throw error;
  if (error instanceof HttpException && error.getStatus() < 500) throw pipelineRefusal(error);
  const message = safeMessage(error);
  if (message === undefined) logger.error(`${what} failed: ${describe(error)}`);
  throw new ProtocolError(ProtocolErrorCode.InternalError, message ?? `${what} failed`);
}

/** An error's class and message for a log line, never its stack. */
export const describe = (error: unknown): string =>
  error instanceof Error ? `${error.name}: ${error.message}` : String(error);

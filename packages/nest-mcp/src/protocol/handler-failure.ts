import { HttpException, Logger } from '@nestjs/common';
import { ProtocolError, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { clip, MESSAGE_CHARS } from '../errors/clip.js';
import { clipped, pipelineRefusal, safeMessage } from './handler-errors.js';

const logger = new Logger('McpHandlers');

/**
 * Resource and prompt failures are JSON-RPC errors (tools report theirs as
 * results). The client sees a safe message; the log gets the class and
 * message, never the stack.
 */
export function rethrowAsProtocolError(error: unknown, what: string): never {
  if (error instanceof ProtocolError) throw clipped(error);
  if (error instanceof HttpException && error.getStatus() < 500) throw pipelineRefusal(error);
  const message = safeMessage(error);
  if (message === undefined) logger.error(`${what} failed: ${describe(error)}`);
  throw new ProtocolError(ProtocolErrorCode.InternalError, message ?? `${what} failed`);
}

const SECRET_ASSIGNMENT =
  /\b(pass(?:word)?|secret|token|api[-_]?key|authorization|credentials?)(\s*[=:]\s*)("[^"]*"|'[^']*'|\S+)/gi;
const BEARER = /\bBearer\s+[A-Za-z0-9._~+/=-]+/g;

/**
 * An error's class and message for a log line: never its stack, and with
 * `password=…`-style values and bearer tokens masked, since messages of
 * unexpected errors (a driver's, a library's) sometimes carry them; clipped,
 * since they may quote a client's input.
 */
export const describe = (error: unknown): string => {
  const text = clip(error instanceof Error ? `${error.name}: ${error.message}` : String(error), MESSAGE_CHARS);
  return text.replace(SECRET_ASSIGNMENT, '$1$2[redacted]').replace(BEARER, 'Bearer [redacted]');
};

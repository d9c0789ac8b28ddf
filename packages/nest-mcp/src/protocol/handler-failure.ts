import { Logger } from '@nestjs/common';
import { clip, MESSAGE_CHARS } from '../errors/clip.js';
import { asProtocolError, clientErrorOf } from '../errors/client-error.js';

const logger = new Logger('McpHandlers');

/**
 * A handler's failure as the JSON-RPC error `clientErrorOf` makes of it
 * (resources and prompts; tools report their own failures as results). The
 * client sees a safe message; the log gets an unexpected failure's class and
 * message, never the stack. `what` names the operation ("prompt x").
 */
export function rethrowAsProtocolError(error: unknown, what?: string): never {
  const seen = clientErrorOf(error, what);
  if (seen.unexpected) logger.error(`${what ?? 'request'} failed: ${describe(error)}`);
  throw asProtocolError(seen, error);
}

/** Runs a request handler; whatever it throws leaves as the JSON-RPC error the one mapping gives it. */
export async function answered<T>(handle: () => T | Promise<T>): Promise<T> {
  try {
    return await handle();
  } catch (error) {
    return rethrowAsProtocolError(error);
  }
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

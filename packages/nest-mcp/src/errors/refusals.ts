import { HttpException, HttpStatus } from '@nestjs/common';
import { JsonRpcCode } from './json-rpc-codes.js';

/**
 * The kinds of refusal, each with the HTTP status it has when it answers an
 * exchange (the endpoint's guards, the body reader, sessions) and the JSON-RPC
 * code it has wherever it surfaces, there or inside a dispatcher.
 */
export const REFUSALS = {
  parseError: { httpStatus: HttpStatus.BAD_REQUEST, code: JsonRpcCode.ParseError },
  invalidRequest: { httpStatus: HttpStatus.BAD_REQUEST, code: JsonRpcCode.InvalidRequest },
  invalidParams: { httpStatus: HttpStatus.BAD_REQUEST, code: JsonRpcCode.InvalidParams },
  headerMismatch: { httpStatus: HttpStatus.BAD_REQUEST, code: JsonRpcCode.HeaderMismatch },
  // What a request names does not exist: InvalidParams, as for a resource (2026-07-28), never the session's code.
  notFound: { httpStatus: HttpStatus.NOT_FOUND, code: JsonRpcCode.InvalidParams },
  sessionNotFound: { httpStatus: HttpStatus.NOT_FOUND, code: JsonRpcCode.SessionNotFound },
  unauthorized: { httpStatus: HttpStatus.UNAUTHORIZED, code: JsonRpcCode.Unauthorized },
  forbidden: { httpStatus: HttpStatus.FORBIDDEN, code: JsonRpcCode.Forbidden },
  payloadTooLarge: { httpStatus: HttpStatus.PAYLOAD_TOO_LARGE, code: JsonRpcCode.PayloadTooLarge },
  tooManyRequests: { httpStatus: HttpStatus.TOO_MANY_REQUESTS, code: JsonRpcCode.TooManyRequests },
  unavailable: { httpStatus: HttpStatus.SERVICE_UNAVAILABLE, code: JsonRpcCode.ServiceUnavailable },
  internal: { httpStatus: HttpStatus.INTERNAL_SERVER_ERROR, code: JsonRpcCode.InternalError },
} as const;

export type RefusalKind = keyof typeof REFUSALS;

/**
 * A refusal raised by this package (authentication, throttling, bounds,
 * origin checks, draining): its kind gives its status and code, and its
 * headers (a `WWW-Authenticate` challenge, `Retry-After`) go with it when it
 * answers an exchange.
 */
export class McpRefusal extends HttpException {
  constructor(
    readonly kind: RefusalKind,
    message: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(message, REFUSALS[kind].httpStatus);
  }
}

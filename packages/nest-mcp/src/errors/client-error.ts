import { HttpException, HttpStatus } from '@nestjs/common';
import { ProtocolError, SdkError } from '@modelcontextprotocol/server';
import { ToolError } from '../protocol/handler-errors.js';
import { StoreUnavailableError } from '../stores/store-unavailable.error.js';
import { TaskLimitError } from '../stores/tasks/task-store.errors.js';
import { clip, clipStrings, hasLongStrings, MESSAGE_CHARS } from './clip.js';
import { McpRefusal, REFUSALS, type RefusalKind } from './refusals.js';

/** What a client sees for an error: the JSON-RPC error, and the status and headers when it answers an exchange. */
export interface ClientError {
  /** The refusal's kind; `protocol` for a JSON-RPC error a handler or the SDK raised as such. */
  kind: RefusalKind | 'protocol';
  httpStatus: number;
  code: number;
  message: string;
  data?: unknown;
  headers?: Record<string, string>;
  /** A failure of the server's own: its message says nothing of it, and the caller logs it. */
  unexpected?: true;
}

/** Refusals of a tool call itself: every other failure of a tool is its result, with `isError`. */
const CALL_REFUSALS: ReadonlySet<ClientError['kind']> = new Set([
  'unauthorized',
  'forbidden',
  'tooManyRequests',
  'unavailable',
]);

const STORE_UNAVAILABLE = 'Service unavailable: the shared store cannot be reached';

/** An `HttpException`'s status as a kind of refusal (a guard's `false` is a 403, `@nestjs/throttler`'s a 429). */
const KIND_BY_STATUS: Partial<Record<number, RefusalKind>> = {
  [HttpStatus.BAD_REQUEST]: 'invalidParams',
  [HttpStatus.UNAUTHORIZED]: 'unauthorized',
  [HttpStatus.FORBIDDEN]: 'forbidden',
  [HttpStatus.NOT_FOUND]: 'notFound',
  [HttpStatus.PAYLOAD_TOO_LARGE]: 'payloadTooLarge',
  [HttpStatus.TOO_MANY_REQUESTS]: 'tooManyRequests',
};

/** A refusal of `kind` as a client sees it. */
export function refusal(kind: RefusalKind, message: string, headers?: Record<string, string>): ClientError {
  return { kind, ...REFUSALS[kind], message: clip(message, MESSAGE_CHARS), ...(headers && { headers }) };
}

/**
 * The one mapping from an error to what a client sees, for the endpoint's
 * exception filter and every dispatcher alike. `what` names the failed
 * operation ("resource x://y") in the message of an unexpected failure.
 */
export function clientErrorOf(error: unknown, what?: string): ClientError {
  if (error instanceof ProtocolError) return protocolClientError(error);
  if (error instanceof McpRefusal) return refusal(error.kind, error.message, error.headers);
  if (error instanceof StoreUnavailableError) return refusal('unavailable', STORE_UNAVAILABLE, { 'Retry-After': '1' });
  // A call refused a task: the caller may call again once one of its tasks has ended or expired.
  if (error instanceof TaskLimitError) return refusal('tooManyRequests', `Refused: ${error.message}`);
  if (error instanceof HttpException && error.getStatus() < 500) {
    const kind = KIND_BY_STATUS[error.getStatus()] ?? 'invalidRequest';
    return { ...refusal(kind, error.message), httpStatus: error.getStatus() };
  }
  // Messages meant for the client: a tool's own, and the SDK's (a client without elicitation, a timed-out request).
  if (error instanceof ToolError || error instanceof SdkError) return refusal('internal', error.message);
  return { ...refusal('internal', what ? `${what} failed` : 'Internal error'), unexpected: true };
}

/** The JSON-RPC error a dispatcher throws for `error` seen as `seen` (a protocol error left as it was, as itself). */
export function asProtocolError(seen: ClientError, error?: unknown): ProtocolError {
  const unchanged = error instanceof ProtocolError && error.message === seen.message && error.data === seen.data;
  return unchanged ? error : new ProtocolError(seen.code, seen.message, seen.data);
}

/** Whether a tool call's failure refuses the call (a JSON-RPC error) rather than being the tool's result. */
export const refusesCall = (seen: ClientError): boolean => CALL_REFUSALS.has(seen.kind);

/** A protocol error passes as it is, its message and data clipped: one may quote input at length. */
function protocolClientError(error: ProtocolError): ClientError {
  const httpStatus = Object.values(REFUSALS).find((known) => known.code === error.code)?.httpStatus;
  return {
    kind: 'protocol',
    httpStatus: httpStatus ?? HttpStatus.BAD_REQUEST,
    code: error.code,
    message: clip(error.message, MESSAGE_CHARS),
    ...(error.data !== undefined && { data: hasLongStrings(error.data) ? clipStrings(error.data) : error.data }),
  };
}

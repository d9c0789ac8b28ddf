import type { Response } from 'express';
import { refusal, type ClientError } from '../errors/client-error.js';
import { MAX_JSON_DEPTH } from './json-depth.js';

/** Answers an HTTP request with `seen`'s status, headers and JSON-RPC error body (no request id is known at this layer). */
export function sendClientError(res: Response, seen: ClientError, headers = seen.headers ?? {}): void {
  if (res.headersSent) return;
  const error = { code: seen.code, message: seen.message, ...(seen.data !== undefined && { data: seen.data }) };
  res.status(seen.httpStatus).set(headers).json({ jsonrpc: '2.0', error, id: null });
}

/** 413 for a body past the endpoint's (or the app's body parser's) limit. */
export function sendBodyTooLarge(res: Response, limit: number | string, headers: Record<string, string> = {}): void {
  sendClientError(res, refusal('payloadTooLarge', `Request body exceeds ${limit} bytes`, headers));
}

/** 400 ParseError for a body that is not JSON. */
export function sendNotJson(res: Response): void {
  sendClientError(res, refusal('parseError', 'Parse error: the body is not valid JSON'));
}

/** 400 for a body nested deeper than the endpoint parses. */
export function sendTooDeep(res: Response): void {
  sendClientError(res, refusal('invalidRequest', `Invalid Request: JSON nested deeper than ${MAX_JSON_DEPTH} levels`));
}

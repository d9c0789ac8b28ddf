import type { Response } from 'express';
import type { ClientError } from '../errors/client-error.js';

/** Answers an HTTP request with `seen`'s status, headers and JSON-RPC error body (no request id is known at this layer). */
export function sendClientError(res: Response, seen: ClientError, headers = seen.headers ?? {}): void {
  if (res.headersSent) return;
  const error = { code: seen.code, message: seen.message, ...(seen.data !== undefined && { data: seen.data }) };
  res.status(seen.httpStatus).set(headers).json({ jsonrpc: '2.0', error, id: null });
}

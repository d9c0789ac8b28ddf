import type { Response } from 'express';

/** Answers an HTTP request with a JSON-RPC error body (no request id is known at this layer). */
export function sendJsonRpcError(
  res: Response,
  status: number,
  code: number,
  message: string,
  headers: Record<string, string> = {},
): void {
  if (res.headersSent) return;
  res.status(status).set(headers).json({ jsonrpc: '2.0', error: { code, message }, id: null });
}

/** 413 for a body past the endpoint's (or the app's body parser's) limit. */
export function sendBodyTooLarge(res: Response, limit: number | string, headers: Record<string, string> = {}): void {
  sendJsonRpcError(res, 413, -32600, `Request body exceeds ${limit} bytes`, headers);
}

/** 400 -32700 for a body that is not JSON. */
export function sendNotJson(res: Response): void {
  sendJsonRpcError(res, 400, -32700, 'Parse error: the body is not valid JSON');
}

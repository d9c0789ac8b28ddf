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

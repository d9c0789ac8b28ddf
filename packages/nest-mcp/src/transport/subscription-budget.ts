import { ProtocolError } from '@modelcontextprotocol/server';
import { MAX_RESOURCE_URI_LENGTH } from '../registry/mcp.registry.js';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';

/**
 * Resource subscriptions are kept for as long as the session or listen stream
 * lives (and, for a session, in its shared record): their URIs, together, are
 * bounded like the `initialize` a session keeps, and a URI past the matching
 * limit names no resource at all. The refusal's message, when `uris` are past
 * either bound.
 */
export function overSubscriptionBudget(uris: Iterable<unknown>, maxBytes: number): string | undefined {
  let size = 0;
  for (const uri of uris) {
    if (typeof uri !== 'string') continue;
    if (uri.length > MAX_RESOURCE_URI_LENGTH) return `Resource URI longer than ${MAX_RESOURCE_URI_LENGTH} characters`;
    size += uri.length;
  }
  return size > maxBytes ? `Resource subscriptions exceed ${maxBytes} characters of URIs` : undefined;
}

/** Throws invalid params when `uris` are past the bound. */
export function checkSubscriptionBudget(uris: Iterable<unknown>, maxBytes: number): void {
  const refusal = overSubscriptionBudget(uris, maxBytes);
  if (refusal) throw new ProtocolError(JsonRpcCode.InvalidParams, `${refusal}; unsubscribe from some first`);
}

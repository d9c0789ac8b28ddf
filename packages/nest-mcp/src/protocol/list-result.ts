import { ProtocolError } from '@modelcontextprotocol/server';
import type { Page } from '../registry/catalog.js';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';

/**
 * A catalog page as a list result (`tools/list`, …) under `key` (`tools`, `prompts`, …),
 * with `nextCursor` only when there is a next page; a cursor the catalog never
 * issued is a JSON-RPC Invalid Params error.
 */
export function listResult<K extends string, T>(
  key: K,
  page: Page<T> | undefined,
): { [P in K]: T[] } & { nextCursor?: string } {
  if (!page) throw new ProtocolError(JsonRpcCode.InvalidParams, 'Invalid cursor');
  const result = { [key]: page.items } as { [P in K]: T[] } & { nextCursor?: string };
  if (page.nextCursor) result.nextCursor = page.nextCursor;
  return result;
}

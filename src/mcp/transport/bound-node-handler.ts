import { toNodeHandler, type ToNodeHandlerOptions } from '@modelcontextprotocol/node';
import type { McpHandlerRequestOptions } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import { bindRequest } from '../protocol/request-scope.js';

export type FetchHandler = (
  request: globalThis.Request,
  options?: McpHandlerRequestOptions,
) => Promise<globalThis.Response>;

/**
 * Serves an Express exchange with a web-standard MCP handler (the SDK's own
 * Node adapter does the conversion), remembering which Express request the
 * SDK's web request came from, so handlers and guards can reach it.
 */
export function boundNodeHandler(fetch: FetchHandler, options: ToNodeHandlerOptions = {}) {
  return (req: Request, res: Response): Promise<void> =>
    toNodeHandler(
      {
        fetch: (web, handlerOptions) => {
          bindRequest(web, req);
          return fetch(web, handlerOptions);
        },
      },
      options,
    )(req, res, req.body);
}

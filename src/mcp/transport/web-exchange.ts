import { getRequestListener } from '@hono/node-server';
import type { McpHandlerRequestOptions } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/mcp-auth.service.js';
import { bindRequest } from '../protocol/request-scope.js';
import { clipStrings, MESSAGE_CHARS } from '../errors/clip.js';

export type FetchHandler = (
  request: globalThis.Request,
  options?: McpHandlerRequestOptions,
) => Promise<globalThis.Response>;

/** Who serves an exchange: set on the Express request just before the adapter runs. */
interface WebExchange {
  fetch: FetchHandler;
  onerror?: (error: Error) => void;
}
const WEB_EXCHANGE = Symbol('mcp.webExchange');
type ExchangeRequest = AuthenticatedRequest & { [WEB_EXCHANGE]?: WebExchange };

const internalError = () =>
  globalThis.Response.json(
    { jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null },
    { status: 500 },
  );

const isEventStream = (response: globalThis.Response): boolean =>
  response.body !== null && response.headers.get('content-type') === 'text/event-stream';

/**
 * The SDK's refusals (a header that disagrees with the body, an unsupported
 * revision) quote the request: one that would send a client's megabyte back
 * leaves with its strings clipped. Refusals are short and rare; answers are
 * never read here.
 */
async function clippedRefusal(response: globalThis.Response): Promise<globalThis.Response> {
  if (response.status < 400 || !response.headers.get('content-type')?.includes('json')) return response;
  const text = await response.text();
  const headers = new Headers(response.headers);
  const body = text.length <= MESSAGE_CHARS ? undefined : parsedOrUndefined(text);
  if (body === undefined) return new globalThis.Response(text, { status: response.status, headers });
  headers.delete('content-length');
  return globalThis.Response.json(clipStrings(body), { status: response.status, headers });
}

function parsedOrUndefined(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/**
 * A POST's event stream usually holds its answer by the end of this turn of
 * the event loop. The adapter reads a stream's first chunks for a few
 * microtasks only (to send a short stream in one write), then waits a whole
 * timer tick for the rest: under load that held every call ~1 ms longer and
 * cost 7-9% more CPU per request (`bench/cpu-ab.mjs`, both eras). Handed over
 * at the end of this turn (`setImmediate`), the answer is already there; a
 * slower one streams as before.
 */
const answerTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Node <-> web adapter: `@hono/node-server`, the one the SDK's own Node
 * transport uses. Its web requests are lightweight (headers, URL and signal
 * made on first use) and a short answer leaves in one write with its length;
 * event streams are piped with backpressure and cancelled when the client
 * leaves (the request's signal aborts). One listener for the process: which
 * handler serves an exchange travels on the request.
 */
const listener = getRequestListener(
  async (request, { incoming }) => {
    // Only ever called by serveWebExchange below, with an Express (HTTP/1) request.
    const req = incoming as unknown as ExchangeRequest;
    const { fetch, onerror } = req[WEB_EXCHANGE]!;
    bindRequest(request, req);
    try {
      const response = await fetch(request, {
        ...(req.auth !== undefined && { authInfo: req.auth }),
        // Parsed once by McpBodyMiddleware; the web request carries no body bytes.
        ...(req.body !== undefined && { parsedBody: req.body }),
      });
      if (req.method === 'POST' && isEventStream(response)) await answerTurn();
      return await clippedRefusal(response);
    } catch (error) {
      onerror?.(error instanceof Error ? error : new Error(String(error)));
      return internalError();
    }
  },
  { overrideGlobalObjects: false, autoCleanupIncoming: false, errorHandler: internalError },
);

/**
 * Serves an Express exchange with a web-standard MCP handler (the SDK's
 * `handler.fetch`, a session transport's `handleRequest`), remembering which
 * Express request the web request stands for, so handlers and guards reach it.
 */
export function serveWebExchange(
  fetch: FetchHandler,
  req: Request,
  res: Response,
  onerror?: (error: Error) => void,
): Promise<void> {
  (req as ExchangeRequest)[WEB_EXCHANGE] = { fetch, onerror };
  return listener(req, res) as Promise<void>;
}

import { getRequestListener } from '@hono/node-server';
import { RESPONSE_ALREADY_SENT } from '@hono/node-server/utils/response';
import type { McpHandlerRequestOptions } from '@modelcontextprotocol/server';
import type { ServerResponse } from 'node:http';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/mcp-auth.service.js';
import { bindRequest } from '../protocol/request-scope.js';
import { clippedRefusal } from './clipped-refusal.js';
import { markDropped } from './client-dropped.js';
import { writeEventStream } from './event-stream-writer.js';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';
import { MCP_DEFAULTS } from '../options/mcp-defaults.js';

/** What may wait, unsent, for a client that reads slowly before it is dropped (see writeEventStream). */
export const DEFAULT_MAX_QUEUED_BYTES = MCP_DEFAULTS.maxQueuedBytes;
/** How long a handler's message waits for room on a stream whose client has stopped reading. */
export const DEFAULT_SLOW_CLIENT_TIMEOUT_MS = MCP_DEFAULTS.slowClientTimeoutMs;

export type FetchHandler = (
  request: globalThis.Request,
  options?: McpHandlerRequestOptions,
) => Promise<globalThis.Response>;

/** Who serves an exchange: set on the Express request just before the adapter runs. */
interface WebExchange extends WebExchangeOptions {
  fetch: FetchHandler;
  /** Set once the exchange's event stream goes straight to the socket (see `roomToSend`). */
  streaming?: boolean;
}

export interface WebExchangeOptions {
  onerror?: (error: Error) => void;
  /** Bytes that may wait for a slow client on an event stream before it is dropped. */
  maxQueuedBytes?: number;
  /** How long a handler waits for room on the stream (see `roomToSend`) before its client is dropped. */
  slowClientTimeoutMs?: number;
}
const WEB_EXCHANGE = Symbol('mcp.webExchange');
type ExchangeRequest = AuthenticatedRequest & { [WEB_EXCHANGE]?: WebExchange };

const internalError = () =>
  globalThis.Response.json(
    { jsonrpc: '2.0', error: { code: JsonRpcCode.InternalError, message: 'Internal server error' }, id: null },
    { status: 500 },
  );

const isEventStream = (response: globalThis.Response): boolean =>
  response.body !== null && response.headers.get('content-type') === 'text/event-stream';

/**
 * A POST's event stream usually holds its answer by the end of this turn of
 * the event loop. The writer gathers what is there within a few microtasks
 * (to send a short stream in one write with its length), and streams the
 * rest: handed over at the end of this turn (`setImmediate`), the answer is
 * already there. (The adapter's own reader waited a whole timer tick for the
 * rest: under load that held every call ~1 ms longer and cost 7-9% more CPU
 * per request, `bench/cpu-ab.mjs`, both eras.)
 */
const answerTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Node <-> web adapter: `@hono/node-server`, the one the SDK's own Node
 * transport uses. Its web requests are lightweight (headers, URL and signal
 * made on first use) and a short answer leaves in one write with its length;
 * the request's signal aborts when the client leaves. Event streams are
 * written by `writeEventStream`, which bounds what waits for a slow client.
 * One listener for the process: which handler serves an exchange travels on
 * the request.
 */
const listener = getRequestListener(
  async (request, { incoming, outgoing }) => {
    // Only ever called by serveWebExchange below, with an Express (HTTP/1) request.
    const req = incoming as unknown as ExchangeRequest;
    const exchange = req[WEB_EXCHANGE]!;
    const { fetch, onerror, maxQueuedBytes = DEFAULT_MAX_QUEUED_BYTES } = exchange;
    bindRequest(request, req);
    try {
      const response = await fetch(request, {
        ...(req.auth !== undefined && { authInfo: req.auth }),
        // Parsed once by McpBodyReader; the web request carries no body bytes.
        ...(req.body !== undefined && { parsedBody: req.body }),
      });
      if (!isEventStream(response)) return await clippedRefusal(response);
      if (req.method === 'POST') await answerTurn();
      await writeEventStream(response, outgoing as ServerResponse, maxQueuedBytes, {
        onStreaming: () => (exchange.streaming = true),
        onDropped: () => markDropped(req),
      });
      return RESPONSE_ALREADY_SENT;
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
  options: WebExchangeOptions = {},
): Promise<void> {
  (req as ExchangeRequest)[WEB_EXCHANGE] = { fetch, ...options };
  return listener(req, res) as Promise<void>;
}

/**
 * Backpressure for handlers: resolves at once while the exchange's stream has
 * room (under half its bound waiting), else once the client has read what is
 * queued. Until the stream reaches the socket, each message waits one turn of
 * the event loop, so that the stream can start (a handler that only awaits
 * promises would otherwise run to its end first; a 2026-07-28 answer turns
 * into a stream on its first message, and a message the SDK drops, such as a
 * log below the level, starts nothing). A
 * client that reads nothing for `slowClientTimeoutMs` is dropped (its call's
 * `ctx.signal` aborts). `McpContext` awaits it before each progress or log
 * message, so a fast handler runs at its client's pace instead of piling
 * messages up for it.
 */
export function roomToSend(request: Request): Promise<void> | undefined {
  const exchange = (request as ExchangeRequest)[WEB_EXCHANGE];
  const res = request.res;
  if (!exchange || !res || res.destroyed) return undefined;
  if (!exchange.streaming) return new Promise((resolve) => setImmediate(resolve));
  if (res.writableLength <= (exchange.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES) / 2) return undefined;
  return waitForDrain(request, exchange);
}

/** Resolves when the client has read what was queued, or the exchange closes, or the client is dropped for having read nothing in time. */
function waitForDrain(request: Request, exchange: WebExchange): Promise<void> {
  const res = request.res!;
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    const timer = setTimeout(() => {
      res.destroy();
      markDropped(request);
      done();
    }, exchange.slowClientTimeoutMs ?? DEFAULT_SLOW_CLIENT_TIMEOUT_MS);
    res.once('drain', done);
    res.once('close', done);
  });
}

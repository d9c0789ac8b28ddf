import type { McpHandlerRequestOptions } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/mcp-auth.service.js';
import { bindRequest } from '../protocol/request-scope.js';

export type FetchHandler = (
  request: globalThis.Request,
  options?: McpHandlerRequestOptions,
) => Promise<globalThis.Response>;

/** Headers that describe the bytes of a body the web request does not carry (the SDK gets it parsed). */
const BODY_FRAMING = new Set(['content-length', 'transfer-encoding', 'content-encoding']);

/**
 * Serves an Express exchange with a web-standard MCP handler (the SDK's
 * `handler.fetch`, a session transport's `handleRequest`), remembering which
 * Express request the web request stands for, so handlers and guards reach it.
 *
 * Does what the SDK's `toNodeHandler` does, minus two costs on the hot path:
 * the body, already parsed by `McpBodyMiddleware`, goes to the SDK as
 * `parsedBody` instead of being serialised back into the web request; and a
 * JSON answer is written in one piece with its length instead of chunk by
 * chunk. Event streams are piped with backpressure, and the request's signal
 * aborts when the client goes away.
 */
export async function serveWebExchange(
  fetch: FetchHandler,
  req: Request,
  res: Response,
  onerror?: (error: Error) => void,
): Promise<void> {
  const abort = new AbortController();
  let finished = false;
  res.once('close', () => {
    if (!finished) abort.abort();
  });
  let response: globalThis.Response;
  try {
    const request = webRequestOf(req, abort.signal);
    bindRequest(request, req);
    const auth = (req as AuthenticatedRequest).auth;
    response = await fetch(request, {
      ...(auth !== undefined && { authInfo: auth }),
      ...(req.body !== undefined && { parsedBody: req.body }),
    });
  } catch (error) {
    onerror?.(error instanceof Error ? error : new Error(String(error)));
    response = globalThis.Response.json(
      { jsonrpc: '2.0', error: { code: -32603, message: 'Internal server error' }, id: null },
      { status: 500 },
    );
  }
  try {
    await writeWebResponse(response, res, abort.signal);
  } finally {
    finished = true;
  }
}

/** The web request the SDK reads: method, URL, headers and the exchange's signal; no body bytes. */
function webRequestOf(req: Request, signal: AbortSignal): globalThis.Request {
  const headers: [string, string][] = [];
  const raw = req.rawHeaders;
  for (let i = 0; i < raw.length; i += 2) {
    if (!BODY_FRAMING.has(raw[i].toLowerCase())) headers.push([raw[i], raw[i + 1]]);
  }
  return new Request(`http://${req.headers.host ?? 'localhost'}${req.originalUrl}`, {
    method: req.method,
    headers,
    signal,
  });
}

async function writeWebResponse(response: globalThis.Response, res: Response, signal: AbortSignal): Promise<void> {
  res.statusCode = response.status;
  response.headers.forEach((value, name) => res.setHeader(name, value));
  if (response.body === null) {
    res.end();
    return;
  }
  // A JSON answer is one small buffer: one write, with its length (no chunked framing).
  if (!response.headers.get('content-type')?.startsWith('text/event-stream')) {
    res.end(Buffer.from(await response.arrayBuffer()));
    return;
  }
  await pipeEventStream(response.body, res, signal);
}

/**
 * Writes an SSE body as it comes, waiting on `drain` when the socket is full,
 * until the stream ends or the client leaves. Events that come out together
 * (a priming event and a quick result) leave in one write: the response is
 * corked until the current burst of work settles.
 */
async function pipeEventStream(body: ReadableStream<Uint8Array>, res: Response, signal: AbortSignal): Promise<void> {
  const reader = body.getReader();
  const stop = () => void reader.cancel().catch(() => undefined);
  signal.addEventListener('abort', stop, { once: true });
  let corked = false;
  const cork = () => {
    if (corked) return;
    corked = true;
    res.cork();
    process.nextTick(() => {
      corked = false;
      // The head goes out now even if no event came yet: the client is waiting for it.
      if (!res.headersSent) res.flushHeaders();
      res.uncork();
    });
  };
  cork();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done || signal.aborted) break;
      cork();
      if (!res.write(value)) await drained(res, signal);
    }
  } catch {
    // The stream failed: end what was sent.
  } finally {
    signal.removeEventListener('abort', stop);
    res.end();
  }
}

function drained(res: Response, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      signal.removeEventListener('abort', done);
      resolve();
    };
    res.once('drain', done);
    signal.addEventListener('abort', done, { once: true });
  });
}

import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Request, Response } from 'express';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { type FetchHandler, serveWebExchange } from './web-exchange.js';

/** An SSE answer as the SDK gives it: a priming event at once, the answer after `later` resolves. */
function eventStream(later: () => Promise<void>): globalThis.Response {
  const encoder = new TextEncoder();
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode('id: 1\ndata: \n\n'));
      void later().then(() => {
        controller.enqueue(encoder.encode('event: message\nid: 2\ndata: {"ok":true}\n\n'));
        controller.close();
      });
    },
  });
  return new globalThis.Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

/** A chain of promise turns, like a call through guards, interceptors and the SDK: longer than the adapter's look-ahead. */
const manyTurns = async () => {
  for (let turn = 0; turn < 50; turn++) await Promise.resolve();
};

describe('serveWebExchange', () => {
  let server: Server;
  let answer: FetchHandler;
  let adapterTimers: number;

  beforeEach(async () => {
    server = createServer((req, res) => {
      void serveWebExchange((request, options) => answer(request, options), req as Request, res as Response);
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    adapterTimers = 0;
    const setTimeoutOf = globalThis.setTimeout;
    vi.spyOn(globalThis, 'setTimeout').mockImplementation(((...args: Parameters<typeof setTimeout>) => {
      if (new Error().stack?.includes('@hono/node-server')) adapterTimers++;
      return setTimeoutOf(...args);
    }) as typeof setTimeout);
  });

  afterEach(async () => {
    vi.restoreAllMocks();
    await new Promise((resolve) => server.close(resolve));
  });

  const post = () =>
    new Promise<string>((resolve, reject) => {
      const { port } = server.address() as AddressInfo;
      const req = httpRequest({ host: '127.0.0.1', port, method: 'POST', path: '/mcp' }, (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (text += chunk));
        res.on('end', () => resolve(text));
      });
      req.on('error', reject);
      req.end();
    });

  it('hands a POST event stream over once its answer is in: the adapter waits no timer for it', async () => {
    answer = async () => eventStream(manyTurns);
    expect(await post()).toBe('id: 1\ndata: \n\nevent: message\nid: 2\ndata: {"ok":true}\n\n');
    expect(adapterTimers).toBe(0);
  });

  it('still streams an answer that comes later (a slow tool)', async () => {
    answer = async () => eventStream(() => new Promise((resolve) => setTimeout(resolve, 20)));
    expect(await post()).toBe('id: 1\ndata: \n\nevent: message\nid: 2\ndata: {"ok":true}\n\n');
  });
});

import { createServer, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { writeEventStream } from './event-stream-writer.js';

const sse = (body: ReadableStream<Uint8Array>) =>
  new globalThis.Response(body, { headers: { 'content-type': 'text/event-stream' } });

/** A stream that makes a 256 KiB event each time it is read, for as long as it is read. */
function endless(): { body: ReadableStream<Uint8Array>; made: () => number } {
  const event = new TextEncoder().encode(`data: ${'x'.repeat(256 * 1024)}\n\n`);
  let made = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      made++;
      controller.enqueue(event);
    },
  });
  return { body, made: () => made };
}

describe('writeEventStream', () => {
  let server: Server | undefined;
  afterEach(async () => {
    server?.closeAllConnections();
    await new Promise((resolve) => server?.close(resolve));
  });

  async function serve(handler: (res: ServerResponse) => void): Promise<number> {
    server = createServer((_req, res) => handler(res));
    await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve));
    return (server.address() as AddressInfo).port;
  }

  it('sends an answer complete when handed over in one write, with its length', async () => {
    const port = await serve((res) => {
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(new TextEncoder().encode('id: 1\ndata: \n\n'));
          controller.enqueue(new TextEncoder().encode('data: {"ok":true}\n\n'));
          controller.close();
        },
      });
      void writeEventStream(sse(body), res, 1024, { onStreaming: () => undefined, onDropped: () => undefined });
    });
    const response = await fetch(`http://127.0.0.1:${port}/`);
    expect(response.headers.get('content-length')).toBe('33');
    expect(await response.text()).toBe('id: 1\ndata: \n\ndata: {"ok":true}\n\n');
  });

  it('resolves once the head is out and streams the rest on its own: a held stream keeps no caller waiting', async () => {
    let source!: ReadableStreamDefaultController<Uint8Array>;
    const body = new ReadableStream<Uint8Array>({ start: (controller) => void (source = controller) });
    let written!: Promise<void>;
    const port = await serve((res) => {
      written = writeEventStream(sse(body), res, 1024, { onStreaming: () => undefined, onDropped: () => undefined });
    });
    const response = await fetch(`http://127.0.0.1:${port}/`);
    const settled = await Promise.race([
      written.then(() => 'resolved'),
      new Promise((resolve) => setTimeout(resolve, 500, 'still waiting')),
    ]);
    expect(settled).toBe('resolved');
    source.enqueue(new TextEncoder().encode('data: later\n\n'));
    source.close();
    expect(await response.text()).toBe('data: later\n\n');
  });

  it('drops a client that stops reading once the backlog passes the bound, and stops pulling', async () => {
    const source = endless();
    let dropped = false;
    const port = await serve((res) => {
      void writeEventStream(sse(source.body), res, 1024 * 1024, {
        onStreaming: () => undefined,
        onDropped: () => (dropped = true),
      });
    });
    const socket = connect({ port, host: '127.0.0.1' });
    socket.pause(); // never reads
    socket.write('GET / HTTP/1.1\r\nHost: x\r\n\r\n');
    await expect.poll(() => dropped, { timeout: 10_000 }).toBe(true);
    const madeAtDrop = source.made();
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(source.made()).toBe(madeAtDrop);
    socket.destroy();
  });
});

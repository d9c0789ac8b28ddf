import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/** How many reads that are already satisfied are gathered before the head is written, and how many bytes. */
const READY_READS = 8;
const READY_BYTES = 64 * 1024;

/**
 * Writes an event stream (a web `Response` whose body is SSE) to a Node
 * response, keeping what is queued for a slow client bounded.
 *
 * The SDK enqueues every message into the stream as it is produced, with no
 * regard for whether anyone reads it: a writer that stops pulling while the
 * socket is full (the usual backpressure) only moves the backlog into the
 * stream's own queue, unbounded and invisible. This writer pulls each message
 * as it comes and hands it to the socket, so the backlog is the response's
 * `writableLength`: a message that arrives while more than `maxQueuedBytes`
 * are still waiting for the client drops the client (its connection closes and
 * `onDropped` runs, which cancels the call behind the stream). `onStreaming`
 * runs once the head is out and messages go straight to the socket. A client that
 * reads keeps at most that much, plus one message, in flight.
 *
 * An answer already complete when it is handed over (most POST answers) goes
 * in one write with its length, as a plain body would.
 *
 * Resolves once the head is out: the rest is pumped on its own, so that a
 * stream held open for hours (a GET stream, a `subscriptions/listen`) keeps
 * only the pump, not the frames of every caller that awaited it (the adapter,
 * Nest's and Express's handlers: about a fifth of what an open stream held).
 */
export async function writeEventStream(
  response: globalThis.Response,
  res: ServerResponse,
  maxQueuedBytes: number,
  events: { onStreaming(): void; onDropped(): void },
): Promise<void> {
  const reader = response.body!.getReader();
  const ready: Uint8Array[] = [];
  let pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined;
  // Bounded in bytes too: what is gathered here is not yet in `writableLength`, where handlers look for room.
  for (let reads = 0, bytes = 0; reads < READY_READS && bytes < READY_BYTES; reads++) {
    pending ??= reader.read();
    const next = await settledNow(pending);
    if (!next) break;
    pending = undefined;
    if (next.done) {
      res.writeHead(response.status, { ...headersOf(response), 'content-length': byteLength(ready) });
      for (const chunk of ready) res.write(chunk);
      res.end();
      return;
    }
    ready.push(next.value);
    bytes += next.value.byteLength;
  }
  res.writeHead(response.status, headersOf(response));
  if (ready.length === 0) res.flushHeaders();
  for (const chunk of ready) res.write(chunk);
  events.onStreaming();
  void pump(reader, pending, res, maxQueuedBytes, () => events.onDropped());
}

/** Hands each message to the socket as it comes, until the stream ends or the client is dropped or gone. */
async function pump(
  reader: ReadableStreamDefaultReader<Uint8Array>,
  pending: Promise<ReadableStreamReadResult<Uint8Array>> | undefined,
  res: ServerResponse,
  maxQueuedBytes: number,
  onDropped: () => void,
): Promise<void> {
  const cancel = () => void reader.cancel().catch(() => undefined);
  res.once('close', cancel);
  try {
    for (;;) {
      const { done, value } = await (pending ?? reader.read());
      pending = undefined;
      if (done) break;
      if (res.destroyed) return;
      if (res.writableLength > maxQueuedBytes) {
        res.destroy();
        onDropped();
        return;
      }
      res.write(value);
    }
    res.end();
  } catch {
    res.destroy();
  } finally {
    res.off('close', cancel);
  }
}

/** The read's result if it is already settled (within a few microtask turns), else undefined. */
function settledNow<T>(read: Promise<T>): Promise<T | undefined> {
  return Promise.race([read, Promise.resolve().then(() => Promise.resolve(undefined))]);
}

function headersOf(response: globalThis.Response): OutgoingHttpHeaders {
  const headers: OutgoingHttpHeaders = {};
  for (const [name, value] of response.headers) headers[name] = value;
  return headers;
}

const byteLength = (chunks: Uint8Array[]): number => chunks.reduce((sum, chunk) => sum + chunk.byteLength, 0);

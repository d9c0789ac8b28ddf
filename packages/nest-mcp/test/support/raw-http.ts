import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';

/** Plain HTTP against the endpoint, for wire-level checks no SDK client exposes. */
export const ACCEPT_BOTH = 'application/json, text/event-stream';

export interface SseEvent {
  id?: string;
  data: unknown;
}

export function initializeBody(protocolVersion = '2025-06-18') {
  return {
    jsonrpc: '2.0',
    id: 1,
    method: 'initialize',
    params: {
      protocolVersion,
      capabilities: {},
      clientInfo: { name: 'raw', version: '1' },
    },
  };
}

export async function post(url: URL, body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return fetch(url, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      accept: ACCEPT_BOTH,
      ...headers,
    },
    body: typeof body === 'string' ? body : JSON.stringify(body),
  });
}

/** The headers of a request on a 2025-era session. */
export const sessionHeaders = (sessionId: string, protocolVersion = '2025-06-18') => ({
  'mcp-session-id': sessionId,
  'mcp-protocol-version': protocolVersion,
});

export const listTools = (id = 2) => ({ jsonrpc: '2.0', id, method: 'tools/list', params: {} });

/** A `tools/call` (id 7) of the fixtures' `slow_progress`: a progress event a step, a stream to drop and resume. */
export const slowProgressCall = (steps: number, delayMs = 150) => ({
  jsonrpc: '2.0',
  id: 7,
  method: 'tools/call',
  params: { name: 'slow_progress', arguments: { steps, delayMs }, _meta: { progressToken: 'p' } },
});

/** Opens a 2025-era session by hand and returns its id. */
export async function openSession(url: URL, protocolVersion = '2025-06-18'): Promise<string> {
  const response = await post(url, initializeBody(protocolVersion));
  await response.text();
  const sessionId = response.headers.get('mcp-session-id');
  if (!sessionId) throw new Error(`no session id (status ${response.status})`);
  await post(
    url,
    { jsonrpc: '2.0', method: 'notifications/initialized' },
    { 'mcp-session-id': sessionId, 'mcp-protocol-version': protocolVersion },
  ).then((r) => r.text());
  return sessionId;
}

/** Reads SSE events from a response body until `stop` says so (then cancels the stream). */
export async function readEvents(response: Response, stop: (events: SseEvent[]) => boolean): Promise<SseEvent[]> {
  const reader = response.body!.pipeThrough(new TextDecoderStream()).getReader();
  const events: SseEvent[] = [];
  let buffer = '';
  while (!stop(events)) {
    const { value, done } = await reader.read();
    if (done) break;
    buffer += value;
    let boundary: number;
    while ((boundary = buffer.indexOf('\n\n')) >= 0) {
      const block = buffer.slice(0, boundary);
      buffer = buffer.slice(boundary + 2);
      const id = /^id: ?(.*)$/m.exec(block)?.[1];
      const data = /^data: ?(.*)$/m.exec(block)?.[1];
      if (data) events.push({ id, data: JSON.parse(data) });
    }
  }
  await reader.cancel().catch(() => undefined);
  return events;
}

/** POSTs an `initialize` with a forged `Host` header (fetch() will not send one; node:http will). */
export function initializeWithHost(url: URL, host: string): Promise<{ status: number; headers: IncomingHttpHeaders }> {
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      url,
      { method: 'POST', headers: { host, 'content-type': 'application/json', accept: ACCEPT_BOTH } },
      (response) => {
        response.resume();
        resolve({ status: response.statusCode ?? 0, headers: response.headers });
      },
    );
    request.on('error', reject);
    request.end(JSON.stringify(initializeBody()));
  });
}

/**
 * Resumes a 2025-era stream from `Last-Event-ID`. The server learns that the
 * stream it replaces was dropped at its next write, and until then answers 409:
 * asked again until it is resumed (200) or 5 s have passed.
 */
export async function resumeStream(url: URL, lastEventId: string, headers: Record<string, string>): Promise<Response> {
  const deadline = Date.now() + 5_000;
  for (;;) {
    const resumed = await fetch(url, {
      headers: { accept: 'text/event-stream', 'last-event-id': lastEventId, ...headers },
    });
    if (resumed.status === 200 || Date.now() > deadline) return resumed;
    await resumed.text();
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

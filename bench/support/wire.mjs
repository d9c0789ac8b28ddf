import http from 'node:http';

// The requests the load generator sends, as SDK v2 clients send them (captured
// from @modelcontextprotocol/client 2.4): 2026-07-28 requests carry the `_meta`
// envelope plus `MCP-Protocol-Version`, `Mcp-Method` (and `Mcp-Name` for
// tools/call); 2025-era requests carry `MCP-Protocol-Version` and the session id.
export const MODERN = '2026-07-28';
export const LEGACY = '2025-11-25';
export const ACCEPT = 'application/json, text/event-stream';

const CLIENT_INFO = { name: 'bench', version: '1.0.0' };
const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': MODERN,
  'io.modelcontextprotocol/clientInfo': CLIENT_INFO,
  'io.modelcontextprotocol/clientCapabilities': {},
};

/** `{ headers, body(id) }`: a body template with a fresh JSON-RPC id per request. */
function template(method, params, headers) {
  const [head, tail] = JSON.stringify({ jsonrpc: '2.0', id: '\u0000', method, params }).split('"\\u0000"');
  return {
    headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
    body: (id) => head + id + tail,
  };
}

export function modernCall(name, args = {}) {
  return template(
    'tools/call',
    { name, arguments: args, _meta: ENVELOPE },
    { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': name },
  );
}

/** The envelope of a client that declares the tasks extension (2026-07-28, SEP-2663), on each request. */
const TASKS_ENVELOPE = {
  ...ENVELOPE,
  'io.modelcontextprotocol/clientCapabilities': { extensions: { 'io.modelcontextprotocol/tasks': {} } },
};

/** A `tools/call` from a client that takes tasks: the server may answer with a `CreateTaskResult`. */
export function modernTaskCall(name, args = {}) {
  return template(
    'tools/call',
    { name, arguments: args, _meta: TASKS_ENVELOPE },
    { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/call', 'mcp-name': name },
  );
}

/** A tasks-extension method (`tasks/get`, `tasks/cancel`) on one task: `Mcp-Name` carries its id. */
export function modernTaskRequest(method, taskId) {
  return template(
    method,
    { taskId, _meta: TASKS_ENVELOPE },
    { 'mcp-protocol-version': MODERN, 'mcp-method': method, 'mcp-name': taskId },
  );
}

export function modernList() {
  return template('tools/list', { _meta: ENVELOPE }, { 'mcp-protocol-version': MODERN, 'mcp-method': 'tools/list' });
}

/**
 * A 2025 `initialize`; with `padding` bytes, half in `params._meta` and half in `clientInfo.description` (a
 * field of the 2025-11-25 schema, so the SDK keeps it as the client's info): what a client can make a session
 * hold under the server's initialize bound.
 */
export function legacyInitialize(padding = 0) {
  const half = Math.floor(padding / 2);
  const params = padding
    ? {
        protocolVersion: LEGACY,
        capabilities: {},
        clientInfo: { ...CLIENT_INFO, description: 'x'.repeat(padding - half) },
        _meta: { 'bench/padding': 'x'.repeat(half) },
      }
    : { protocolVersion: LEGACY, capabilities: {}, clientInfo: CLIENT_INFO };
  return template('initialize', params, {});
}

/** The standalone GET stream of a 2025 session (server-to-client messages outside any request). */
export const legacyGetStream = (sessionId) => ({
  method: 'GET',
  headers: { accept: 'text/event-stream', 'mcp-protocol-version': LEGACY, 'mcp-session-id': sessionId },
});

/** A 2026-07-28 `subscriptions/listen` for tool-list changes, as `Client.listen()` of the SDK v2 client sends it. */
export function modernListen() {
  return template(
    'subscriptions/listen',
    { _meta: ENVELOPE, notifications: { toolsListChanged: true } },
    { 'mcp-protocol-version': MODERN, 'mcp-method': 'subscriptions/listen' },
  );
}

export function legacyCall(name, sessionId, args = {}) {
  return template(
    'tools/call',
    { name, arguments: args },
    { 'mcp-protocol-version': LEGACY, 'mcp-session-id': sessionId },
  );
}

export const initializedNotification = (sessionId) => ({
  headers: {
    'content-type': 'application/json',
    accept: ACCEPT,
    'mcp-protocol-version': LEGACY,
    'mcp-session-id': sessionId,
  },
  body: JSON.stringify({ jsonrpc: '2.0', method: 'notifications/initialized' }),
});

/** The JSON-RPC message of a response body: plain JSON, or the last SSE `data:` line. */
function messageOf(contentType, text) {
  if (contentType?.includes('text/event-stream')) {
    const data = text
      .split('\n')
      .filter((line) => line.startsWith('data:'))
      .pop();
    return data ? JSON.parse(data.slice(5)) : undefined;
  }
  return text ? JSON.parse(text) : undefined;
}

const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/**
 * One POST (node:http, keep-alive); resolves with status, headers and the
 * parsed JSON-RPC message. A kept-alive socket the server closed while it sat
 * idle is retried once on a fresh one (the request never reached the server).
 */
export async function send(url, request, extraHeaders = {}, id = 1) {
  try {
    return await sendOnce(url, request, extraHeaders, id);
  } catch (error) {
    if (!error.reusedSocket || error.code !== 'ECONNRESET') throw error;
    return sendOnce(url, request, extraHeaders, id);
  }
}

function sendOnce(url, { headers, body }, extraHeaders, id) {
  const payload = typeof body === 'function' ? body(id) : body;
  return new Promise((resolve, reject) => {
    const request = http.request(
      url,
      {
        method: 'POST',
        agent,
        headers: { ...headers, ...extraHeaders, 'content-length': Buffer.byteLength(payload) },
      },
      (response) => {
        const chunks = [];
        response.on('data', (chunk) => chunks.push(chunk));
        response.on('error', reject);
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let message;
          try {
            message = messageOf(response.headers['content-type'], text);
          } catch {
            message = undefined;
          }
          resolve({ status: response.statusCode, headers: response.headers, text, message });
        });
      },
    );
    request.on('error', (error) => reject(Object.assign(error, { reusedSocket: request.reusedSocket })));
    request.end(payload);
  });
}

/**
 * Opens a long-lived stream (a request that stays open: GET, `subscriptions/listen`) on its own connection;
 * resolves once its head is in and, with `firstEvent`, its first bytes (a listen's acknowledgement), with the
 * status, content type, first bytes, whether it is still open, and `close()`.
 */
export function openStream(
  url,
  { method = 'POST', headers, body },
  extraHeaders = {},
  { firstEvent = false, id } = {},
) {
  const payload = typeof body === 'function' ? body(id ?? 1) : body;
  return new Promise((resolve, reject) => {
    const request = http.request(url, {
      method,
      agent: false,
      headers: { ...headers, ...extraHeaders, ...(payload && { 'content-length': Buffer.byteLength(payload) }) },
    });
    request.on('error', reject);
    request.on('response', (response) => {
      const stream = {
        status: response.statusCode,
        contentType: response.headers['content-type'],
        first: '',
        open: true,
        close: () => request.destroy(),
      };
      response.once('close', () => {
        stream.open = false;
        resolve(stream);
      });
      const isStream = response.statusCode === 200 && stream.contentType?.includes('text/event-stream');
      if (!isStream) {
        response.on('data', (chunk) => (stream.first += chunk));
        return;
      }
      if (!firstEvent) {
        response.resume();
        resolve(stream);
        return;
      }
      response.once('data', (chunk) => {
        stream.first = String(chunk);
        response.resume();
        resolve(stream);
      });
    });
    request.end(payload);
  });
}

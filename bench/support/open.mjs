// What a client opens on a server and keeps: 2025 sessions, their GET streams, 2026-07-28 listen
// streams, each checked open; and the tools/call a session-bound load sends.
import {
  initializedNotification,
  legacyCall,
  legacyGetStream,
  legacyInitialize,
  modernCall,
  modernListen,
  openStream,
  send,
} from './wire.mjs';

/** initialize + notifications/initialized; returns the session id. */
export async function openSession(server, initialize = legacyInitialize()) {
  const response = await send(server.url, initialize, server.authHeaders);
  const sessionId = response.headers['mcp-session-id'];
  if (response.status !== 200 || !sessionId) {
    throw new Error(`${server.id}: initialize failed (${response.status}): ${response.text.slice(0, 300)}`);
  }
  const ack = await send(server.url, initializedNotification(sessionId), server.authHeaders);
  if (ack.status !== 202) throw new Error(`${server.id}: notifications/initialized answered ${ack.status}`);
  return sessionId;
}

export function openSessions(server, count, initialize) {
  return repeat(count, () => openSession(server, initialize));
}

/** The standalone GET stream of a session (one opened for it unless `sessionId` is given), open. */
export async function openGetStream(server, sessionId) {
  sessionId ??= await openSession(server);
  return expectStream(
    server,
    'GET stream',
    await openStream(server.url, legacyGetStream(sessionId), server.authHeaders),
  );
}

/** A 2026-07-28 `subscriptions/listen` stream, open and acknowledged. */
export async function openListen(server) {
  const stream = await openStream(server.url, modernListen(), server.authHeaders, { firstEvent: true });
  if (!stream.first.includes('notifications/subscriptions/acknowledged')) stream.status = `${stream.status}, no ack`;
  return expectStream(server, 'listen', stream);
}

function expectStream(server, what, stream) {
  if (stream.status === 200 && stream.open && stream.contentType?.includes('text/event-stream')) return stream;
  stream.close();
  throw new Error(`${server.id}: ${what} not opened (${stream.status}): ${stream.first.slice(0, 300)}`);
}

/** Runs `task` `count` times, `concurrency` at a time; resolves with the results. */
export async function repeat(count, task, concurrency = 10) {
  const done = [];
  let next = 0;
  const worker = async () => {
    while (next < count) {
      next++;
      done.push(await task());
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return done;
}

/** A `tools/call` of `name` on `server`: as 2026-07-28 sends it, or (`legacy`) on a 2025 session opened for it. */
export async function toolCallFor(server, era, name) {
  if (era !== 'legacy') return modernCall(name);
  return legacyCall(name, await openSession(server));
}

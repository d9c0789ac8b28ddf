/**
 * Whether the server dropped an exchange's client (it stopped reading while
 * its stream's backlog grew past the bound): the calls the exchange carries
 * are cancelled through their `ctx.signal`. A client that disconnects by
 * itself is not "dropped": a 2025-era client may resume its stream.
 */
const DROPPED = Symbol('mcp.clientDropped');
type WithDropped = object & { [DROPPED]?: AbortController };

/** Aborted when the server drops this request's client. */
export function droppedSignalOf(request: object): AbortSignal {
  return ((request as WithDropped)[DROPPED] ??= new AbortController()).signal;
}

export function markDropped(request: object): void {
  ((request as WithDropped)[DROPPED] ??= new AbortController()).abort(new Error('client dropped: it stopped reading'));
}

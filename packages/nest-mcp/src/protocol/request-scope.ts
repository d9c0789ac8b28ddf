import type { Request } from 'express';

const ORIGIN = Symbol('mcp.expressRequest');
type BoundRequest = globalThis.Request & { [ORIGIN]?: Request };

/*
 * Which Express request each web `Request` the SDK sees came from. The SDK
 * hands handlers the web request (`ctx.http.req`); this finds the Express one
 * (headers, `user`, the exchange record), so guards on a tool method get it
 * at `switchToHttp().getRequest()` as on a route. A property of the web
 * request, so it dies with it: not an AsyncLocalStorage (a promise hook on
 * every promise of the process), and not a WeakMap, whose entries V8's young-
 * generation collector keeps alive: every request's whole object graph would
 * be copied and promoted to the old generation (measured: a third more GC
 * time per request).
 */

/** Remembers that the SDK's `web` request stands for the Express `req`. */
export function bindRequest(web: globalThis.Request, req: Request): void {
  (web as BoundRequest)[ORIGIN] = req;
}

/** The Express request behind the SDK's web request, if any. */
export const expressRequestOf = (web: globalThis.Request | undefined): Request | undefined =>
  (web as BoundRequest | undefined)?.[ORIGIN];

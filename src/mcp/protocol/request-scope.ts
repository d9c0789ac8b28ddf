import type { Request } from 'express';

/**
 * Which Express request each web `Request` the SDK sees came from. The SDK
 * hands handlers the web request (`ctx.http.req`); this finds the Express one
 * (headers, `user`, the exchange record), so guards on a tool method get it
 * at `switchToHttp().getRequest()` as on a route. A WeakMap, not an
 * AsyncLocalStorage: nothing is kept once the exchange is gone, and no
 * promise hook taxes every promise of the process.
 */
const origins = new WeakMap<globalThis.Request, Request>();

/** Remembers that the SDK's `web` request stands for the Express `req`. */
export function bindRequest(web: globalThis.Request, req: Request): void {
  origins.set(web, req);
}

/** The Express request behind the SDK's web request, if any. */
export const expressRequestOf = (web: globalThis.Request | undefined): Request | undefined => web && origins.get(web);

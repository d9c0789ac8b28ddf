import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request } from 'express';

/** What the scope holds: the request while its exchange lasts, then nothing. */
export interface RequestHolder {
  req?: Request;
}

/**
 * Carries the Express request from the controller, through the SDK's
 * transport, to the handler, so guards on a tool method find it at
 * `switchToHttp().getRequest()` as they would on a route. The store is a
 * small holder emptied when the exchange ends: promises the SDK keeps a
 * while after the response must not keep the whole request alive.
 */
export const httpRequestScope = new AsyncLocalStorage<RequestHolder>();

/** The request of the exchange being served, if any. */
export const currentRequest = (): Request | undefined => httpRequestScope.getStore()?.req;

import { AsyncLocalStorage } from 'node:async_hooks';
import type { Request } from 'express';

/**
 * Carries the Express request from the controller, through the SDK's
 * transport, to the handler, so guards on a tool method find it at
 * `switchToHttp().getRequest()` as they would on a route.
 */
export const httpRequestScope = new AsyncLocalStorage<Request>();

import type { Type } from '@nestjs/common';
import { METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants.js';

/**
 * A subclass of `controller` whose route handlers are functions of its own
 * (delegating to the originals, with their metadata), so that one
 * registration's paths are set on it without touching another's.
 */
export function withOwnRoutes<T extends Type>(controller: T): T {
  const own = class extends controller {};
  Object.defineProperty(own, 'name', { value: controller.name });
  const prototype = controller.prototype as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const handler = prototype[name];
    if (typeof handler !== 'function' || !Reflect.hasOwnMetadata(METHOD_METADATA, handler)) continue;
    const copy = function (this: unknown, ...args: unknown[]) {
      return (handler as (...args: unknown[]) => unknown).apply(this, args);
    };
    for (const key of Reflect.getOwnMetadataKeys(handler)) {
      Reflect.defineMetadata(key, Reflect.getOwnMetadata(key, handler), copy);
    }
    Object.defineProperty(copy, 'name', { value: name });
    Object.defineProperty(own.prototype, name, { value: copy, writable: true, configurable: true });
  }
  return own;
}

/** Serves `controller` under `path`. */
export function placeController(controller: Type, path: string): void {
  Reflect.defineMetadata(PATH_METADATA, path, controller);
}

/** Serves the handler `method` of `controller` at `paths` under the controller's path, or not at all. */
export function placeHandler(controller: Type, method: string, paths: string[] | undefined): void {
  const handler = (controller.prototype as Record<string, object>)[method];
  if (paths === undefined) Reflect.deleteMetadata(PATH_METADATA, handler);
  else Reflect.defineMetadata(PATH_METADATA, paths, handler);
}

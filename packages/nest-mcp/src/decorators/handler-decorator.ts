import type { McpContext } from '../protocol/mcp-context.js';

/**
 * A method decorator that admits only methods callable as `method(args, ctx)`:
 * with `experimentalDecorators`, the compiler checks the method's descriptor
 * against `(args: A, ctx: McpContext) => unknown`.
 */
export type HandlerDecorator<A> = <M extends (args: A, ctx: McpContext) => unknown>(
  target: object,
  propertyKey: string | symbol,
  descriptor: TypedPropertyDescriptor<M>,
) => void;

/** `decorate`, typed as a `HandlerDecorator` (the check is the compiler's; nothing more runs). */
export const typedMethodDecorator =
  <A>(decorate: MethodDecorator): HandlerDecorator<A> =>
  (target, propertyKey, descriptor) => {
    decorate(target, propertyKey, descriptor);
  };

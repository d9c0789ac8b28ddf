import { Injectable, type Type } from '@nestjs/common';
import { EXCEPTION_FILTERS_METADATA } from '@nestjs/common/constants.js';
import { ExecutionContextHost } from '@nestjs/core/helpers/execution-context-host.js';
import { ExternalContextCreator } from '@nestjs/core';
import { MCP_CONTEXT_TYPE, MCP_PARAM_ARGS_METADATA } from '../mcp.constants.js';
import type { McpContext } from '../protocol/mcp-context.js';
import { McpThrottlerGuard } from '../throttling/mcp-throttler.guard.js';

/**
 * Maps parameter `i` of a handler to invocation argument `i + 1`: the
 * invocation starts with the HTTP request (so stock guards find it at
 * `switchToHttp().getRequest()`), and the handler gets only its own arguments.
 */
class McpParamsFactory {
  exchangeKeyForValue(index: number, _data: unknown, args: unknown[]): unknown {
    return args[index + 1];
  }
}

export type WrappedHandler = (...handlerArgs: unknown[]) => Promise<unknown>;

/**
 * Wraps a discovered method once, at boot, in Nest's pipeline (guards,
 * interceptors, pipes and, where declared, filters) with context type `'mcp'`.
 */
@Injectable()
export class HandlerWrapper {
  private readonly paramsFactory = new McpParamsFactory();

  constructor(
    private readonly externalContextCreator: ExternalContextCreator,
    private readonly throttler: McpThrottlerGuard,
  ) {}

  /** `parameterNames` name the handler's parameters, in order; the last is always the `McpContext`. */
  wrap(instance: object, methodName: string, parameterNames: string[]): WrappedHandler {
    const prototype = Object.getPrototypeOf(instance) as Record<string, (...args: unknown[]) => unknown>;
    const method = prototype[methodName];
    Reflect.defineMetadata(
      MCP_PARAM_ARGS_METADATA,
      Object.fromEntries(parameterNames.map((data, index) => [`${index}:${index}`, { index, data, pipes: [] }])),
      instance.constructor,
      methodName,
    );
    const hasFilters =
      Reflect.hasMetadata(EXCEPTION_FILTERS_METADATA, method) ||
      Reflect.hasMetadata(EXCEPTION_FILTERS_METADATA, instance.constructor);
    const wrapped = this.externalContextCreator.create(
      instance,
      method,
      methodName,
      MCP_PARAM_ARGS_METADATA,
      this.paramsFactory,
      undefined,
      undefined,
      // Nest's default external filter logs stacks; only run filters the user declared.
      { guards: true, interceptors: true, filters: hasFilters },
      MCP_CONTEXT_TYPE,
    ) as (...args: unknown[]) => Promise<unknown>;
    return this.throttled(instance, method, (...handlerArgs: unknown[]) => {
      const ctx = handlerArgs[handlerArgs.length - 1] as McpContext;
      return wrapped(ctx.request, ...handlerArgs);
    });
  }

  /**
   * `@Throttle` on a handler method means a per-caller limit for it: this
   * app's MCP throttler runs before the method's own guards. (Added here, not
   * to the method's guard metadata, which every app in the process shares.)
   */
  private throttled(instance: object, method: object, call: WrappedHandler): WrappedHandler {
    const limited = Reflect.getMetadataKeys(method).some(
      (key) => typeof key === 'string' && key.startsWith(THROTTLER_LIMIT_PREFIX),
    );
    if (!limited) return call;
    return async (...handlerArgs: unknown[]) => {
      const ctx = handlerArgs[handlerArgs.length - 1] as McpContext;
      const context = new ExecutionContextHost(
        [ctx.request, ...handlerArgs],
        instance.constructor as Type,
        method as never,
      );
      context.setType(MCP_CONTEXT_TYPE);
      await this.throttler.canActivate(context);
      return call(...handlerArgs);
    };
  }
}

/** The metadata key prefix `@Throttle` writes (`THROTTLER:LIMIT<name>`), which @nestjs/throttler does not export. */
const THROTTLER_LIMIT_PREFIX = 'THROTTLER:LIMIT';

import type { ExecutionContext } from '@nestjs/common';
import { MCP_CONTEXT_TYPE } from '../mcp.constants.js';
import type { McpContext } from './mcp-context.js';

/**
 * A typed view of an `ExecutionContext` for guards and interceptors on MCP
 * handlers: `McpExecutionContext.create(context).getArgs()`.
 * The invocation's arguments are `[httpRequest, ...handlerArgs, mcpContext]`.
 */
export class McpExecutionContext {
  private constructor(private readonly context: ExecutionContext) {}

  static create(context: ExecutionContext): McpExecutionContext {
    if (context.getType<string>() !== MCP_CONTEXT_TYPE) {
      throw new TypeError(`McpExecutionContext needs an '${MCP_CONTEXT_TYPE}' context, got '${context.getType()}'`);
    }
    return new McpExecutionContext(context);
  }

  /** Whether this context is an MCP handler call (useful in guards shared with HTTP routes). */
  static isMcp(context: ExecutionContext): boolean {
    return context.getType<string>() === MCP_CONTEXT_TYPE;
  }

  /** The handler's first argument: tool/prompt arguments, a resource URI, or template variables. */
  getArgs<T = Record<string, unknown>>(): T {
    return this.context.getArgByIndex<T>(1);
  }

  getContext(): McpContext {
    const args = this.context.getArgs();
    return args[args.length - 1] as McpContext;
  }

  /** The tool/resource/prompt method's class and name. */
  getHandler(): ReturnType<ExecutionContext['getHandler']> {
    return this.context.getHandler();
  }

  getClass(): ReturnType<ExecutionContext['getClass']> {
    return this.context.getClass();
  }
}

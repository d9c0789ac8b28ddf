import { SetMetadata } from '@nestjs/common';
import type { Icon } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import { MCP_PROMPT_METADATA } from '../mcp.constants.js';
import type { Completer } from './resource.decorator.js';
import { typedMethodDecorator, type HandlerDecorator } from './handler-decorator.js';

/** The arguments a prompt's method receives: the `args` schema's output, or the client's object without one. */
export type PromptArgs<A extends z.ZodObject | undefined> = A extends z.ZodObject
  ? z.output<A>
  : Record<string, unknown>;

export interface PromptOptions<A extends z.ZodObject | undefined = z.ZodObject | undefined> {
  /** Defaults to the method name. Must match `[A-Za-z0-9_.-]{1,128}`. */
  name?: string;
  title?: string;
  description?: string;
  /** A zod object of string arguments. */
  args?: A;
  /** Completion per argument. */
  complete?: Record<string, Completer>;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

/**
 * Marks a provider method as an MCP prompt. The method is called as
 * `method(args, ctx)` and returns a string (one user message), an array of
 * messages, or a full `GetPromptResult`. Like `@Tool`, its first parameter
 * must accept what `args` gives.
 */
export function Prompt<A extends z.ZodObject | undefined = undefined>(
  options: PromptOptions<A> = {},
): HandlerDecorator<PromptArgs<A>> {
  return typedMethodDecorator(SetMetadata(MCP_PROMPT_METADATA, options));
}

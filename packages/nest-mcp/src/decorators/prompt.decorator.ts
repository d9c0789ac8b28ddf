import { SetMetadata } from '@nestjs/common';
import type { Icon } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import { MCP_PROMPT_METADATA } from '../mcp.constants.js';
import type { Completer } from './resource.decorator.js';

export interface PromptOptions {
  /** Defaults to the method name. Must match `[A-Za-z0-9_.-]{1,128}`. */
  name?: string;
  title?: string;
  description?: string;
  /** A zod object of string arguments. */
  args?: z.ZodObject;
  /** Completion per argument. */
  complete?: Record<string, Completer>;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

/**
 * Marks a provider method as an MCP prompt. The method is called as
 * `method(args, ctx)` and returns a string (one user message), an array of
 * messages, or a full `GetPromptResult`.
 */
export const Prompt = (options: PromptOptions = {}): MethodDecorator => SetMetadata(MCP_PROMPT_METADATA, options);

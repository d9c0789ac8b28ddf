import { SetMetadata } from '@nestjs/common';
import type { Icon, ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import { MCP_TOOL_METADATA } from '../mcp.constants.js';

/** A JSON Schema object given as-is (for tools whose schema is not written in zod). */
export type JsonSchemaObject = { type: 'object'; [key: string]: unknown };

export interface ToolOptions {
  /** Defaults to the method name. Must match `[A-Za-z0-9_.-]{1,128}`. */
  name?: string;
  title?: string;
  description?: string;
  /** A zod object, or a raw JSON Schema whose root is `type: "object"`. Defaults to no arguments. */
  input?: z.ZodType | JsonSchemaObject;
  /** A zod object (or raw JSON Schema) the structured result must satisfy. */
  output?: z.ZodType | JsonSchemaObject;
  annotations?: ToolAnnotations;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

/**
 * Marks a provider method as an MCP tool. The method is called as
 * `method(args, ctx)` with validated arguments and an `McpContext`.
 */
export const Tool = (options: ToolOptions = {}): MethodDecorator => SetMetadata(MCP_TOOL_METADATA, options);

import { SetMetadata } from '@nestjs/common';
import type { Icon, ToolAnnotations } from '@modelcontextprotocol/server';
import type { z } from 'zod';
import { MCP_TOOL_METADATA } from '../mcp.constants.js';
import { typedMethodDecorator, type HandlerDecorator } from './handler-decorator.js';

/** A JSON Schema object given as-is (for tools whose schema is not written in zod). */
export type JsonSchemaObject = { type: 'object'; [key: string]: unknown };

/** A tool's `input` or `output`: a zod object, or a raw JSON Schema object. */
export type ToolSchema = z.ZodType | JsonSchemaObject;

/**
 * The arguments a tool's method (or `addTool` handler) receives for its
 * `input`: the zod schema's output (parsed, defaults applied); the client's
 * object when there is no input. A raw JSON Schema is checked at run time
 * only: the compiler cannot read it, so any parameter type is taken.
 */
export type ToolArgs<I extends ToolSchema | undefined> = I extends z.ZodType
  ? z.output<I>
  : // eslint-disable-next-line @typescript-eslint/no-explicit-any
    I extends JsonSchemaObject
    ? any
    : Record<string, unknown>;

export interface ToolOptions<I extends ToolSchema | undefined = ToolSchema | undefined> {
  /** Defaults to the method name. Must match `[A-Za-z0-9_.-]{1,128}`. */
  name?: string;
  title?: string;
  description?: string;
  /** A zod object, or a raw JSON Schema whose root is `type: "object"`. Defaults to no arguments. */
  input?: I;
  /** A zod object (or raw JSON Schema) the structured result must satisfy. */
  output?: ToolSchema;
  annotations?: ToolAnnotations;
  /**
   * The tool may run as a task (`'optional'`), or only as one (`'required'`):
   * its call outlives the request, and the client polls for the outcome
   * (2026-07-28 tasks extension; 2025-11-25 experimental tasks). The method
   * stays as it is: `ctx.reportProgress` sets the task's status message,
   * `ctx.elicit` and the other questions put it in `input_required` until the
   * client answers, and `ctx.signal` aborts on `tasks/cancel`.
   */
  task?: 'optional' | 'required';
  /**
   * 2026-07-28: how long a call runs before it becomes a task (default 0: a
   * task from the start). A call that ends sooner answers directly, and
   * questions asked before then are multi-round-trip input requests (input
   * gathered up front, then the long part as a task).
   */
  taskAfterMs?: number;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

/**
 * Marks a provider method as an MCP tool. The method is called as
 * `method(args, ctx)` with validated arguments and an `McpContext`; its first
 * parameter must accept what `input` gives (`z.output` of a zod schema), which
 * the compiler checks: declare it as `z.infer<typeof Input>`, not by hand.
 */
export function Tool<I extends ToolSchema | undefined = undefined>(
  options: ToolOptions<I> = {},
): HandlerDecorator<ToolArgs<I>> {
  return typedMethodDecorator(SetMetadata(MCP_TOOL_METADATA, options));
}

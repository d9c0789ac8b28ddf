import { SetMetadata } from '@nestjs/common';
import type { Icon } from '@modelcontextprotocol/server';
import { MCP_RESOURCE_METADATA, MCP_RESOURCE_TEMPLATE_METADATA } from '../mcp.constants.js';

interface ResourceCommonOptions {
  /** Defaults to the method name. */
  name?: string;
  title?: string;
  description?: string;
  mimeType?: string;
  icons?: Icon[];
  _meta?: Record<string, unknown>;
}

export interface ResourceOptions extends ResourceCommonOptions {
  /** The fixed URI of this resource. */
  uri: string;
  size?: number;
}

/** Completes one template variable or prompt argument: gets the typed prefix and the other values. */
export type CompleteFn = (
  value: string,
  context: { arguments?: Record<string, string> },
) => string[] | Promise<string[]>;

/**
 * A completer: the name of a method on the same provider (called on the
 * instance, so it can use injected services), or a standalone function.
 */
export type Completer = string | CompleteFn;

export interface ResourceTemplateOptions extends ResourceCommonOptions {
  /** An RFC 6570 URI template, e.g. `notes://{id}`. */
  uriTemplate: string;
  /** Completion per template variable. */
  complete?: Record<string, Completer>;
}

/**
 * Marks a provider method as a fixed resource. The method is called as
 * `method(uri, ctx)` and returns text, a `{ text | blob, mimeType? }` object,
 * or a full `ReadResourceResult`.
 */
export const Resource = (options: ResourceOptions): MethodDecorator => SetMetadata(MCP_RESOURCE_METADATA, options);

/**
 * Marks a provider method as a resource template. The method is called as
 * `method(variables, uri, ctx)`.
 */
export const ResourceTemplate = (options: ResourceTemplateOptions): MethodDecorator =>
  SetMetadata(MCP_RESOURCE_TEMPLATE_METADATA, options);

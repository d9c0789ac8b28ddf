import type {
  GetPromptResult,
  Prompt,
  ReadResourceResult,
  Resource,
  ResourceTemplateType as ResourceTemplate,
  Tool,
  UriTemplate,
  Variables,
} from '@modelcontextprotocol/server';
import type {
  CompleteFn,
  PromptArgs,
  PromptOptions,
  ResourceOptions,
  ResourceTemplateOptions,
  ToolArgs,
  ToolSchema,
  ToolOptions,
} from '../decorators/index.js';
import type { z } from 'zod';
import type { McpContext } from '../protocol/mcp-context.js';
import type { ScopeRequirement } from '../decorators/require-scopes.decorator.js';
import type { CompiledObjectSchema } from './object-schema.js';
import type { HeaderParam } from './header-params.js';

export type ToolHandler = (args: Record<string, unknown>, ctx: McpContext) => unknown;
export type ResourceHandler = (uri: string, ctx: McpContext) => unknown;
export type ResourceTemplateHandler = (variables: Variables, uri: string, ctx: McpContext) => unknown;
export type PromptHandler = (args: Record<string, unknown>, ctx: McpContext) => unknown;

/** What `McpRegistry.addTool` takes: the decorator's options plus the handler, whose `args` follow `input`. */
export interface ToolSpec<I extends ToolSchema | undefined = ToolSchema | undefined> extends ToolOptions<I> {
  name: string;
  handler: (args: ToolArgs<I>, ctx: McpContext) => unknown;
  /** Where it was declared, for error messages (`Class.method`). */
  source?: string;
  /** OAuth scopes a caller needs to see and use it. */
  requiredScopes?: ScopeRequirement;
}
export interface ResourceSpec extends ResourceOptions {
  name: string;
  handler: ResourceHandler;
  source?: string;
  /** OAuth scopes a caller needs to see and use it. */
  requiredScopes?: ScopeRequirement;
}
export interface ResourceTemplateSpec extends Omit<ResourceTemplateOptions, 'complete'> {
  name: string;
  complete?: Record<string, CompleteFn>;
  handler: ResourceTemplateHandler;
  source?: string;
  /** OAuth scopes a caller needs to see and use it. */
  requiredScopes?: ScopeRequirement;
}
/** What `McpRegistry.addPrompt` takes; the handler's `args` follow `args`. */
export interface PromptSpec<A extends z.ZodObject | undefined = z.ZodObject | undefined> extends Omit<
  PromptOptions<A>,
  'complete'
> {
  name: string;
  complete?: Record<string, CompleteFn>;
  handler: (args: PromptArgs<A>, ctx: McpContext) => unknown;
  source?: string;
  /** OAuth scopes a caller needs to see and use it. */
  requiredScopes?: ScopeRequirement;
}

/** A tool compiled once at registration. */
export interface ToolEntry {
  readonly source: string;
  readonly requiredScopes?: ScopeRequirement;
  readonly definition: Tool;
  readonly input: CompiledObjectSchema;
  /** The arguments clients mirror into `Mcp-Param-*` headers (SEP-2243), checked before the tool runs. */
  readonly headerParams: readonly HeaderParam[];
  readonly output?: CompiledObjectSchema;
  readonly handler: ToolHandler;
  /** Whether it runs as a task, and after how long (2026-07-28); undefined for a plain tool. */
  readonly task?: { readonly support: 'optional' | 'required'; readonly afterMs: number };
}
export interface ResourceEntry {
  readonly source: string;
  readonly requiredScopes?: ScopeRequirement;
  readonly definition: Resource;
  readonly handler: ResourceHandler;
}
export interface ResourceTemplateEntry {
  readonly source: string;
  readonly requiredScopes?: ScopeRequirement;
  readonly definition: ResourceTemplate;
  readonly template: UriTemplate;
  readonly complete: Record<string, CompleteFn>;
  readonly handler: ResourceTemplateHandler;
}
export interface PromptEntry {
  readonly source: string;
  readonly requiredScopes?: ScopeRequirement;
  readonly definition: Prompt;
  readonly args: CompiledObjectSchema;
  readonly complete: Record<string, CompleteFn>;
  readonly handler: PromptHandler;
}

export type RegistryChange = 'tools' | 'resources' | 'prompts';

export type { GetPromptResult, ReadResourceResult };

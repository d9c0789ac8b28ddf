import { Inject, Injectable } from '@nestjs/common';
import type {
  Prompt,
  Resource,
  ResourceTemplateType as ResourceTemplate,
  Tool,
  Variables,
} from '@modelcontextprotocol/server';
import type { ScopeRequirement } from '../decorators/require-scopes.decorator.js';
import type { z } from 'zod';
import type { ToolSchema } from '../decorators/tool.decorator.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { satisfies } from '../auth/scope-check.js';
import { Catalog, type Page } from './catalog.js';
import { DuplicateNameError } from '../errors/declaration.errors.js';
import { compilePrompt, compileResource, compileResourceTemplate, compileTool } from './compile-entries.js';
import type {
  PromptEntry,
  PromptSpec,
  RegistryChange,
  ResourceEntry,
  ResourceSpec,
  ResourceTemplateEntry,
  ResourceTemplateSpec,
  ToolEntry,
  ToolSpec,
} from './registry.types.js';

/** The longest URI the SDK's template matching takes (it throws past it): no resource has a longer one. */
export const MAX_RESOURCE_URI_LENGTH = 1_000_000;

type ChangeListener = (change: RegistryChange) => void;
type ScopedEntry = { source: string; requiredScopes?: ScopeRequirement };
type ResourceUpdateListener = (uri: string) => void;

/**
 * Every tool, resource and prompt the server offers, compiled once. Filled at
 * boot by the explorer; injectable so that code can add and remove entries at
 * runtime, which notifies connected clients (`list_changed`).
 */
@Injectable()
export class McpRegistry {
  private readonly tools: Catalog<ToolEntry, Tool>;
  private readonly resources: Catalog<ResourceEntry, Resource>;
  private readonly templates: Catalog<ResourceTemplateEntry, ResourceTemplate>;
  private readonly prompts: Catalog<PromptEntry, Prompt>;
  private readonly changeListeners = new Set<ChangeListener>();
  private readonly updateListeners = new Set<ResourceUpdateListener>();
  private scopeUnion?: string[];

  constructor(@Inject(MCP_OPTIONS) options: ResolvedMcpOptions) {
    const { pageSize } = options;
    this.tools = new Catalog('tool', (entry) => entry.definition, pageSize);
    this.resources = new Catalog('resource', (entry) => entry.definition, pageSize);
    this.templates = new Catalog('resource template', (entry) => entry.definition, pageSize);
    this.prompts = new Catalog('prompt', (entry) => entry.definition, pageSize);
  }

  /** Adds a tool; its handler's `args` are typed by its `input` (see `ToolArgs`). */
  addTool<I extends ToolSchema | undefined = undefined>(spec: ToolSpec<I>): void {
    this.tools.add(spec.name, compileTool(spec as ToolSpec));
    this.emit('tools');
  }
  removeTool(name: string): void {
    this.tools.remove(name);
    this.emit('tools');
  }
  getTool(name: string): ToolEntry | undefined {
    return this.tools.get(name);
  }
  /** A page of tools; with `granted` scopes, only the tools those scopes allow. */
  listTools(cursor?: string, granted?: readonly string[]): Page<Tool> | undefined {
    return this.visiblePage(this.tools, cursor, granted);
  }
  get toolCount(): number {
    return this.tools.size;
  }
  /** How many of each are registered now. */
  get counts(): { tools: number; resources: number; resourceTemplates: number; prompts: number } {
    return {
      tools: this.tools.size,
      resources: this.resources.size,
      resourceTemplates: this.templates.size,
      prompts: this.prompts.size,
    };
  }

  addResource(spec: ResourceSpec): void {
    this.resources.add(spec.uri, compileResource(spec));
    this.emit('resources');
  }
  removeResource(uri: string): void {
    this.resources.remove(uri);
    this.emit('resources');
  }
  listResources(cursor?: string, granted?: readonly string[]): Page<Resource> | undefined {
    return this.visiblePage(this.resources, cursor, granted);
  }

  addResourceTemplate(spec: ResourceTemplateSpec): void {
    const entry = compileResourceTemplate(spec);
    const twin = this.findTemplateByUriTemplate(spec.uriTemplate);
    // Two templates with one URI template would make the second unreachable.
    if (twin) throw new DuplicateNameError('resource template', spec.uriTemplate, twin.source, entry.source);
    this.templates.add(spec.name, entry);
    this.emit('resources');
  }
  removeResourceTemplate(name: string): void {
    this.templates.remove(name);
    this.emit('resources');
  }
  getResourceTemplate(name: string): ResourceTemplateEntry | undefined {
    return this.templates.get(name);
  }
  listResourceTemplates(cursor?: string, granted?: readonly string[]): Page<ResourceTemplate> | undefined {
    return this.visiblePage(this.templates, cursor, granted);
  }

  /** The fixed resource with this URI, else the first template that matches it. */
  findResource(
    uri: string,
  ): { resource: ResourceEntry } | { template: ResourceTemplateEntry; variables: Variables } | undefined {
    if (uri.length > MAX_RESOURCE_URI_LENGTH) return undefined;
    const resource = this.resources.get(uri);
    if (resource) return { resource };
    for (const template of this.templates.values()) {
      const variables = template.template.match(uri);
      if (variables) return { template, variables };
    }
    return undefined;
  }

  /** A template by its URI template string (completion requests name templates that way). */
  findTemplateByUriTemplate(uriTemplate: string): ResourceTemplateEntry | undefined {
    for (const template of this.templates.values()) {
      if (template.definition.uriTemplate === uriTemplate) return template;
    }
    return undefined;
  }

  /** Adds a prompt; its handler's `args` are typed by its `args` schema. */
  addPrompt<A extends z.ZodObject | undefined = undefined>(spec: PromptSpec<A>): void {
    this.prompts.add(spec.name, compilePrompt(spec as PromptSpec));
    this.emit('prompts');
  }
  removePrompt(name: string): void {
    this.prompts.remove(name);
    this.emit('prompts');
  }
  getPrompt(name: string): PromptEntry | undefined {
    return this.prompts.get(name);
  }
  listPrompts(cursor?: string, granted?: readonly string[]): Page<Prompt> | undefined {
    return this.visiblePage(this.prompts, cursor, granted);
  }

  /** Every scope some handler requires (the protected-resource metadata's `scopes_supported`). */
  requiredScopes(): string[] {
    if (this.scopeUnion) return this.scopeUnion;
    const union = new Set<string>();
    for (const catalog of [this.tools, this.resources, this.templates, this.prompts] as unknown as Catalog<
      ScopedEntry,
      unknown
    >[]) {
      for (const entry of catalog.values()) for (const scope of entry.requiredScopes?.scopes ?? []) union.add(scope);
    }
    return (this.scopeUnion = [...union].sort());
  }

  /** Tells subscribed clients that the resource at `uri` changed. */
  notifyResourceUpdated(uri: string): void {
    for (const listener of this.updateListeners) listener(uri);
  }

  onChange(listener: ChangeListener): () => void {
    this.changeListeners.add(listener);
    return () => this.changeListeners.delete(listener);
  }
  onResourceUpdated(listener: ResourceUpdateListener): () => void {
    this.updateListeners.add(listener);
    return () => this.updateListeners.delete(listener);
  }

  private visiblePage<E extends ScopedEntry, W>(
    catalog: Catalog<E, W>,
    cursor: string | undefined,
    granted: readonly string[] | undefined,
  ): Page<W> | undefined {
    if (granted === undefined || this.requiredScopes().length === 0) return catalog.page(cursor);
    const viewKey = [...granted].sort().join(' ');
    return catalog.filteredPage(cursor, viewKey, (entry) => satisfies(entry.requiredScopes, granted));
  }

  private emit(change: RegistryChange): void {
    this.scopeUnion = undefined;
    for (const listener of this.changeListeners) listener(change);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type {
  Prompt,
  Resource,
  ResourceTemplateType as ResourceTemplate,
  Tool,
  Variables,
} from '@modelcontextprotocol/server';
import { MCP_MODULE_OPTIONS } from '../mcp.module-definition.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import { Catalog } from './catalog.js';
import {
  compilePrompt,
  compileResource,
  compileResourceTemplate,
  compileTool,
} from './compile-entries.js';
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

type ChangeListener = (change: RegistryChange) => void;
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

  constructor(@Inject(MCP_MODULE_OPTIONS) options: McpModuleOptions) {
    const pageSize = options.pageSize ?? 100;
    this.tools = new Catalog('tool', (entry) => entry.definition, pageSize);
    this.resources = new Catalog(
      'resource',
      (entry) => entry.definition,
      pageSize,
    );
    this.templates = new Catalog(
      'resource template',
      (entry) => entry.definition,
      pageSize,
    );
    this.prompts = new Catalog('prompt', (entry) => entry.definition, pageSize);
  }

  addTool(spec: ToolSpec): void {
    this.tools.add(spec.name, compileTool(spec));
    this.emit('tools');
  }
  removeTool(name: string): void {
    this.tools.remove(name);
    this.emit('tools');
  }
  getTool(name: string): ToolEntry | undefined {
    return this.tools.get(name);
  }
  listTools(cursor?: string) {
    return this.tools.page(cursor);
  }
  get toolCount(): number {
    return this.tools.size;
  }

  addResource(spec: ResourceSpec): void {
    this.resources.add(spec.uri, compileResource(spec));
    this.emit('resources');
  }
  removeResource(uri: string): void {
    this.resources.remove(uri);
    this.emit('resources');
  }
  listResources(cursor?: string) {
    return this.resources.page(cursor);
  }

  addResourceTemplate(spec: ResourceTemplateSpec): void {
    this.templates.add(spec.name, compileResourceTemplate(spec));
    this.emit('resources');
  }
  removeResourceTemplate(name: string): void {
    this.templates.remove(name);
    this.emit('resources');
  }
  getResourceTemplate(name: string): ResourceTemplateEntry | undefined {
    return this.templates.get(name);
  }
  listResourceTemplates(cursor?: string) {
    return this.templates.page(cursor);
  }

  /** The fixed resource with this URI, else the first template that matches it. */
  findResource(
    uri: string,
  ):
    | { resource: ResourceEntry }
    | { template: ResourceTemplateEntry; variables: Variables }
    | undefined {
    const resource = this.resources.get(uri);
    if (resource) return { resource };
    for (const template of this.templates.values()) {
      const variables = template.template.match(uri);
      if (variables) return { template, variables };
    }
    return undefined;
  }

  /** A template by its URI template string (completion requests name templates that way). */
  findTemplateByUriTemplate(
    uriTemplate: string,
  ): ResourceTemplateEntry | undefined {
    for (const template of this.templates.values()) {
      if (template.definition.uriTemplate === uriTemplate) return template;
    }
    return undefined;
  }

  addPrompt(spec: PromptSpec): void {
    this.prompts.add(spec.name, compilePrompt(spec));
    this.emit('prompts');
  }
  removePrompt(name: string): void {
    this.prompts.remove(name);
    this.emit('prompts');
  }
  getPrompt(name: string): PromptEntry | undefined {
    return this.prompts.get(name);
  }
  listPrompts(cursor?: string) {
    return this.prompts.page(cursor);
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

  private emit(change: RegistryChange): void {
    for (const listener of this.changeListeners) listener(change);
  }
}

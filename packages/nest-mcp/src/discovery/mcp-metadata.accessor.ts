import { Injectable } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { ScopeRequirement } from '../decorators/require-scopes.decorator.js';
import type { PromptOptions, ResourceOptions, ResourceTemplateOptions, ToolOptions } from '../decorators/index.js';
import {
  MCP_PROMPT_METADATA,
  MCP_RESOURCE_METADATA,
  MCP_RESOURCE_TEMPLATE_METADATA,
  MCP_SCOPES_METADATA,
  MCP_TOOL_METADATA,
} from '../mcp.constants.js';

export type McpDeclaration =
  | { kind: 'tool'; options: ToolOptions }
  | { kind: 'resource'; options: ResourceOptions }
  | { kind: 'resourceTemplate'; options: ResourceTemplateOptions }
  | { kind: 'prompt'; options: PromptOptions };

/** Every read of the decorators' metadata happens here. */
@Injectable()
export class McpMetadataAccessor {
  constructor(private readonly reflector: Reflector) {}

  /** The scopes `@RequireScopes` asks for on a method, if any. */
  scopesOf(method: unknown): ScopeRequirement | undefined {
    return typeof method === 'function' ? this.reflector.get<ScopeRequirement>(MCP_SCOPES_METADATA, method) : undefined;
  }

  /** The declarations on one method (a method may carry more than one kind). */
  declarationsOf(method: unknown): McpDeclaration[] {
    if (typeof method !== 'function') return [];
    const declarations: McpDeclaration[] = [];
    const tool = this.reflector.get<ToolOptions>(MCP_TOOL_METADATA, method);
    if (tool) declarations.push({ kind: 'tool', options: tool });
    const resource = this.reflector.get<ResourceOptions>(MCP_RESOURCE_METADATA, method);
    if (resource) declarations.push({ kind: 'resource', options: resource });
    const template = this.reflector.get<ResourceTemplateOptions>(MCP_RESOURCE_TEMPLATE_METADATA, method);
    if (template) declarations.push({ kind: 'resourceTemplate', options: template });
    const prompt = this.reflector.get<PromptOptions>(MCP_PROMPT_METADATA, method);
    if (prompt) declarations.push({ kind: 'prompt', options: prompt });
    return declarations;
  }
}

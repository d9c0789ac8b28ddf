import { Injectable } from '@nestjs/common';
import type { ScopeRequirement } from '../decorators/require-scopes.decorator.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import { McpAuthService } from './mcp-auth.service.js';
import type { McpPrincipal } from './principal.js';
import { satisfies } from './scope-check.js';

interface RpcMessage {
  method?: unknown;
  params?: { name?: unknown; uri?: unknown };
}

/**
 * Checks, before the SDK sees a request, that the caller holds the scopes the
 * called tool, prompt or resource requires; if not, the answer is the spec's
 * step-up: 403 `insufficient_scope` naming the scopes to ask for.
 */
@Injectable()
export class ScopeGate {
  constructor(
    private readonly registry: McpRegistry,
    private readonly auth: McpAuthService,
  ) {}

  check(body: unknown, principal: McpPrincipal | undefined): void {
    if (!this.auth.enabled || !principal) return;
    for (const message of Array.isArray(body) ? body : [body]) {
      const requirement = this.requirementOf(message as RpcMessage);
      if (!satisfies(requirement, principal.scopes)) {
        throw this.auth.challenge!.insufficientScope(requirement!.scopes);
      }
    }
  }

  private requirementOf(message: RpcMessage | null): ScopeRequirement | undefined {
    const { method, params } = message ?? {};
    if (typeof params !== 'object' || params === null) return undefined;
    if (method === 'tools/call' && typeof params.name === 'string') {
      return this.registry.getTool(params.name)?.requiredScopes;
    }
    if (method === 'prompts/get' && typeof params.name === 'string') {
      return this.registry.getPrompt(params.name)?.requiredScopes;
    }
    if (method === 'resources/read' && typeof params.uri === 'string') {
      const found = this.registry.findResource(params.uri);
      return found && ('resource' in found ? found.resource.requiredScopes : found.template.requiredScopes);
    }
    return undefined;
  }
}

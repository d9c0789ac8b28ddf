import { Injectable } from '@nestjs/common';
import type { ScopeRequirement } from '../decorators/require-scopes.decorator.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import { McpAuthService } from './mcp-auth.service.js';
import type { McpPrincipal } from './principal.js';
import { satisfies } from './scope-check.js';

interface RpcMessage {
  method?: unknown;
  params?: { name?: unknown; uri?: unknown; notifications?: { resourceSubscriptions?: unknown } };
}

/**
 * Checks, before the SDK sees a request, that the caller holds the scopes the
 * called tool, prompt or resource requires; if not, the answer is the spec's
 * step-up: 403 `insufficient_scope` naming the scopes to ask for. Subscribing
 * to a resource (2025 `resources/subscribe`, a 2026-07-28 listen filter)
 * needs what reading it needs: its updates say what changed.
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
      for (const requirement of this.requirementsOf(message as RpcMessage)) {
        if (!satisfies(requirement, principal.scopes)) {
          throw this.auth.challenge!.insufficientScope(requirement!.scopes);
        }
      }
    }
  }

  private *requirementsOf(message: RpcMessage | null): Iterable<ScopeRequirement | undefined> {
    const { method, params } = message ?? {};
    if (typeof params !== 'object' || params === null) return;
    switch (method) {
      case 'tools/call':
        if (typeof params.name === 'string') yield this.registry.getTool(params.name)?.requiredScopes;
        return;
      case 'prompts/get':
        if (typeof params.name === 'string') yield this.registry.getPrompt(params.name)?.requiredScopes;
        return;
      case 'resources/read':
      case 'resources/subscribe':
        yield this.resourceRequirement(params.uri);
        return;
      case 'subscriptions/listen': {
        const uris = params.notifications?.resourceSubscriptions;
        if (Array.isArray(uris)) for (const uri of new Set(uris)) yield this.resourceRequirement(uri);
        return;
      }
    }
  }

  private resourceRequirement(uri: unknown): ScopeRequirement | undefined {
    if (typeof uri !== 'string') return undefined;
    const found = this.registry.findResource(uri);
    return found && ('resource' in found ? found.resource.requiredScopes : found.template.requiredScopes);
  }
}

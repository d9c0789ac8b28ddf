import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { DiscoveryService, MetadataScanner } from '@nestjs/core';
import type { InstanceWrapper } from '@nestjs/core/injector/instance-wrapper.js';
import { McpDeclarationError } from '../errors/declaration.errors.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import type { Variables } from '@modelcontextprotocol/server';
import type { CompleteFn, Completer } from '../decorators/index.js';
import type { McpContext } from '../protocol/mcp-context.js';
import { HandlerWrapper } from './handler-wrapper.js';
import { McpMetadataAccessor, type McpDeclaration } from './mcp-metadata.accessor.js';

/**
 * Walks every provider and controller once at boot (those of the `include`d
 * modules when the option is set) and registers each decorated method,
 * wrapped in Nest's pipeline, into the registry.
 */
@Injectable()
export class McpExplorer implements OnModuleInit {
  private readonly logger = new Logger('McpExplorer');

  constructor(
    private readonly discovery: DiscoveryService,
    private readonly scanner: MetadataScanner,
    private readonly accessor: McpMetadataAccessor,
    private readonly wrapper: HandlerWrapper,
    private readonly registry: McpRegistry,
    @Inject(MCP_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  onModuleInit(): void {
    const scope = this.options.include ? { include: this.options.include } : {};
    const wrappers = [...this.discovery.getProviders(scope), ...this.discovery.getControllers(scope)];
    for (const wrapper of wrappers) this.explore(wrapper);
    this.logger.log(`registered ${this.registry.toolCount} tool(s)`);
  }

  private explore(wrapper: InstanceWrapper): void {
    const { instance } = wrapper;
    // Aliases (`useExisting`) point at a provider explored under its own token.
    if (!instance || typeof instance !== 'object' || wrapper.isAlias) return;
    const prototype = Object.getPrototypeOf(instance);
    if (!prototype) return;
    for (const methodName of this.scanner.getAllMethodNames(prototype)) {
      const declarations = this.accessor.declarationsOf(prototype[methodName]);
      if (declarations.length === 0) continue;
      const source = `${instance.constructor.name}.${methodName}`;
      // Request-scoped and transient providers have no one instance to call: refuse them on purpose.
      if (!wrapper.isDependencyTreeStatic() || wrapper.isTransient) {
        throw new McpDeclarationError(
          `${source} is on a request-scoped or transient provider; MCP handlers must live on singleton providers`,
        );
      }
      for (const declaration of declarations) this.register(declaration, instance, methodName, source);
    }
  }

  private register(declaration: McpDeclaration, instance: object, methodName: string, source: string): void {
    const requiredScopes = this.accessor.scopesOf((instance as Record<string, unknown>)[methodName]);
    switch (declaration.kind) {
      case 'tool': {
        const handler = this.wrapper.wrap(instance, methodName, ['args', 'ctx']);
        this.registry.addTool({
          ...declaration.options,
          name: declaration.options.name ?? methodName,
          source,
          requiredScopes,
          handler,
        });
        return;
      }
      case 'prompt': {
        const handler = this.wrapper.wrap(instance, methodName, ['args', 'ctx']);
        const complete = resolveCompleters(declaration.options.complete, instance, source);
        this.registry.addPrompt({
          ...declaration.options,
          name: declaration.options.name ?? methodName,
          source,
          requiredScopes,
          handler,
          complete,
        });
        return;
      }
      case 'resource': {
        const handler = this.wrapper.wrap(instance, methodName, ['uri', 'ctx']) as (
          uri: string,
          ctx: McpContext,
        ) => unknown;
        this.registry.addResource({
          ...declaration.options,
          name: declaration.options.name ?? methodName,
          source,
          requiredScopes,
          handler,
        });
        return;
      }
      case 'resourceTemplate': {
        const handler = this.wrapper.wrap(instance, methodName, ['variables', 'uri', 'ctx']) as (
          variables: Variables,
          uri: string,
          ctx: McpContext,
        ) => unknown;
        this.registry.addResourceTemplate({
          ...declaration.options,
          name: declaration.options.name ?? methodName,
          source,
          requiredScopes,
          handler,
          complete: resolveCompleters(declaration.options.complete, instance, source),
        });
      }
    }
  }
}

/** Method names become calls on the provider instance; functions are kept as they are. */
function resolveCompleters(
  completers: Record<string, Completer> | undefined,
  instance: object,
  source: string,
): Record<string, CompleteFn> {
  const resolved: Record<string, CompleteFn> = {};
  for (const [name, completer] of Object.entries(completers ?? {})) {
    if (typeof completer === 'function') {
      resolved[name] = completer;
      continue;
    }
    const method = (instance as Record<string, unknown>)[completer];
    if (typeof method !== 'function') {
      throw new McpDeclarationError(
        `${source} names completer "${completer}" for "${name}", which is not a method of its class`,
      );
    }
    resolved[name] = method.bind(instance) as CompleteFn;
  }
  return resolved;
}

import type { ModulesContainer } from '@nestjs/core';
import type { Type } from '@nestjs/common';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import { McpRegistration } from './mcp-registration.js';

/** Two registrations of one app would serve the same route: the second would never be reached. */
export class McpRouteConflictError extends Error {
  override name = 'McpRouteConflictError';
}

/** The resolved options of every registration of `moduleClass` in the app, in import order. */
export function registrationsOf(modules: ModulesContainer, moduleClass: Type): ResolvedMcpOptions[] {
  return [...modules.values()]
    .filter((moduleRef) => moduleRef.metatype === moduleClass)
    .map((moduleRef) => moduleRef.getProviderByKey<ResolvedMcpOptions>(MCP_OPTIONS)?.instance)
    .filter((options): options is ResolvedMcpOptions => options !== undefined);
}

/** Throws when two registrations of the app serve one route, naming it and both servers. */
export function checkRouteConflicts(registrations: ResolvedMcpOptions[]): void {
  const owners = new Map<string, string>();
  for (const options of registrations) {
    for (const route of new Set(McpRegistration.routesOf(options))) {
      const owner = owners.get(route);
      if (owner !== undefined) {
        throw new McpRouteConflictError(
          `McpModule registrations "${owner}" and "${options.name}" both serve ${route}: give each its own path, healthPath and metricsPath (or false)`,
        );
      }
      owners.set(route, options.name);
    }
  }
}

import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { McpModuleOptions } from './mcp-options.interface.js';

/**
 * What `forRoot`/`forRootAsync` take beside the options: whether the module is
 * global, and the routes it serves beside the MCP endpoint (`McpModule` adds
 * their controllers). An app with routes of its own at those paths turns the
 * module's off. Known when the module is declared (routes are fixed then), so
 * `forRootAsync` takes them as values too.
 */
export interface McpModuleExtras {
  /** Default true. */
  isGlobal?: boolean;
  /** `GET /health/live` and `GET /health/ready` (draining, Redis reachable). Default true. */
  healthRoutes?: boolean;
  /** `GET /metrics` (Prometheus text; `metricsToken` guards it). Default true. */
  metricsRoute?: boolean;
  /** `GET /.well-known/oauth-protected-resource` and `…/<endpoint path>` (RFC 9728; 404 while auth is off). Default true. */
  protectedResourceRoutes?: boolean;
}

export const DEFAULT_EXTRAS: Required<McpModuleExtras> = {
  isGlobal: true,
  healthRoutes: true,
  metricsRoute: true,
  protectedResourceRoutes: true,
};

export const {
  ConfigurableModuleClass: McpConfigurableModule,
  MODULE_OPTIONS_TOKEN: MCP_MODULE_OPTIONS,
  OPTIONS_TYPE: MCP_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MCP_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<McpModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras<McpModuleExtras>(DEFAULT_EXTRAS, (definition, extras) => ({
    ...definition,
    global: extras.isGlobal,
  }))
  .build();

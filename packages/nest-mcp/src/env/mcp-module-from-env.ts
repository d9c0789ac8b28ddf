import type { DynamicModule } from '@nestjs/common';
import { McpModule } from '../mcp.module.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import { MCP_ENV } from './config.module.js';
import type { Env } from './env.schema.js';
import { mcpOptionsFromEnv } from './mcp-options.factory.js';

/**
 * `McpModule` configured from the validated environment (import `McpEnvModule` beside it):
 * the one wiring the app, the conformance fixture and the benchmark server share.
 */
export function mcpModuleFromEnv(
  identity: Pick<McpModuleOptions, 'name' | 'version' | 'instructions'>,
  overrides: Partial<McpModuleOptions> = {},
): DynamicModule {
  return McpModule.forRootAsync({
    inject: [MCP_ENV],
    useFactory: (env: Env) => ({ ...mcpOptionsFromEnv(env, identity), ...overrides }),
  });
}

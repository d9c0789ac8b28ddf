import { ConfigurableModuleBuilder } from '@nestjs/common';
import type { McpModuleOptions } from './mcp-options.interface.js';
import { storeOverrides, type McpStores } from './stores/mcp-stores.js';

/** What shapes the module itself rather than its options (`forRoot` and `forRootAsync` alike). */
interface McpModuleExtras {
  isGlobal?: boolean;
  /** Stores of your own in place of the defaults (see `McpStores`). */
  stores?: McpStores;
}

export const {
  ConfigurableModuleClass: McpConfigurableModule,
  MODULE_OPTIONS_TOKEN: MCP_MODULE_OPTIONS,
  OPTIONS_TYPE: MCP_OPTIONS_TYPE,
  ASYNC_OPTIONS_TYPE: MCP_ASYNC_OPTIONS_TYPE,
} = new ConfigurableModuleBuilder<McpModuleOptions>()
  .setClassMethodName('forRoot')
  .setExtras<McpModuleExtras>({ isGlobal: true, stores: {} }, (definition, { isGlobal, stores }) => ({
    ...definition,
    global: isGlobal,
    // Stores are providers: known when the module is defined, even when its options come later (forRootAsync).
    imports: [...(definition.imports ?? []), ...(stores?.imports ?? [])],
    providers: [...(definition.providers ?? []), ...storeOverrides(stores)],
  }))
  .build();

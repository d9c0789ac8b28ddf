import { ConfigurableModuleBuilder, type DynamicModule } from '@nestjs/common';
import type { McpModuleOptions } from './mcp-options.interface.js';
import { MCP_OPTIONS } from './options/mcp-options.token.js';
import { resolveMcpOptions } from './options/resolve-options.js';
import { newRegistration } from './registration/mcp-registration.js';
import { storeOverrides, type McpStores } from './stores/mcp-stores.js';

/** What shapes the module itself rather than its options (`forRoot` and `forRootAsync` alike). */
export interface McpModuleExtras {
  /** Default true. */
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
  .setExtras<McpModuleExtras>({ isGlobal: true, stores: {} }, (definition, { isGlobal, stores }): DynamicModule => {
    // Each forRoot/forRootAsync is a registration of its own: its own controllers
    // (so its routes are its own) and its own instance of every provider.
    const registration = newRegistration();
    return {
      ...definition,
      global: isGlobal,
      controllers: registration.controllers,
      // Stores are providers: known when the module is defined, even when its options come later (forRootAsync).
      imports: [...(definition.imports ?? []), ...(stores?.imports ?? [])],
      providers: [
        ...(definition.providers ?? []),
        { provide: MCP_OPTIONS, inject: [MCP_MODULE_OPTIONS], useFactory: resolveMcpOptions },
        registration.provider,
        ...storeOverrides(stores),
      ],
    };
  })
  .build();

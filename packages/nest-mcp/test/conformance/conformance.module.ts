import { Module } from '@nestjs/common';
import { McpEnvModule } from '../../src/env/config.module.js';
import { mcpModuleFromEnv } from '../../src/env/mcp-module-from-env.js';
import { CatalogTools } from './catalog.tools.js';
import { ContentTools } from './content.tools.js';
import { InputRequiredTools } from './input-required.tools.js';
import { InteractiveTools } from './interactive.tools.js';
import { TaskTools } from './tasks.tools.js';
import { ConformancePrompts } from './prompts.js';
import { ConformanceResources } from './resources.js';

/**
 * The server the official MCP conformance suites test: every tool, resource,
 * template and prompt their server scenarios call, declared with this
 * project's decorators on ordinary providers, served by `McpModule`
 * configured from the environment exactly as the app's own module is.
 */
@Module({
  imports: [
    McpEnvModule,
    mcpModuleFromEnv({
      name: 'nest-mcp-conformance',
      version: '0.1.0',
      instructions: 'Conformance fixture: the tools, resources and prompts the MCP conformance suites call.',
    }),
  ],
  providers: [
    ContentTools,
    InteractiveTools,
    InputRequiredTools,
    CatalogTools,
    TaskTools,
    ConformanceResources,
    ConformancePrompts,
  ],
})
export class ConformanceModule {}

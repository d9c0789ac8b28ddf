import { Module } from '@nestjs/common';
import { AppConfigModule, APP_ENV } from '../../src/config/config.module.js';
import type { Env } from '../../src/config/env.schema.js';
import { mcpOptionsFromEnv } from '../../src/config/mcp-options.factory.js';
import { McpModule } from '../../src/mcp/index.js';
import { GeneratedTools, SimpleTextTool } from './bench.tools.js';

/**
 * The benchmark server: the app's own env config (`mcpOptionsFromEnv`), the
 * `test_simple_text` tool, and `BENCH_TOOLS` generated tools. `BENCH_PAGE_SIZE`
 * (bench only) overrides the list page size; unset, the module's default holds.
 */
@Module({
  imports: [
    AppConfigModule,
    McpModule.forRootAsync({
      inject: [APP_ENV],
      useFactory: (env: Env) => {
        const options = mcpOptionsFromEnv(env, {
          name: 'nest-mcp-bench',
          version: '0.1.0',
          instructions: 'Benchmark server: test_simple_text plus BENCH_TOOLS generated tools.',
        });
        const pageSize = process.env.BENCH_PAGE_SIZE?.trim();
        return pageSize ? { ...options, pageSize: Number(pageSize) } : options;
      },
    }),
  ],
  providers: [SimpleTextTool, GeneratedTools],
})
export class BenchModule {}

import { Module } from '@nestjs/common';
import { McpEnvModule } from 'nest-mcp';
import { mcpModuleFromEnv } from 'nest-mcp';
import { GeneratedTools, SimpleTextTool } from './bench.tools.js';

/**
 * The benchmark server: the app's own env config (`mcpModuleFromEnv`), the
 * `test_simple_text` tool, and `BENCH_TOOLS` generated tools. `BENCH_PAGE_SIZE`
 * (bench only) overrides the list page size; unset, the module's default holds.
 */
@Module({
  imports: [
    McpEnvModule,
    mcpModuleFromEnv(
      {
        name: 'nest-mcp-bench',
        version: '0.1.0',
        instructions: 'Benchmark server: test_simple_text plus BENCH_TOOLS generated tools.',
      },
      benchPageSize(),
    ),
  ],
  providers: [SimpleTextTool, GeneratedTools],
})
export class BenchModule {}

/** `BENCH_PAGE_SIZE` (0 = one page) lets the benchmark ask for the same one-page answer the others give. */
function benchPageSize(): { pageSize?: number } {
  const pageSize = process.env.BENCH_PAGE_SIZE?.trim();
  return pageSize ? { pageSize: Number(pageSize) } : {};
}

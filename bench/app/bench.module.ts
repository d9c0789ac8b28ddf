import { Module, type Provider } from '@nestjs/common';
import { McpEnvModule, type McpModuleOptions } from 'nest-mcp';
import { mcpModuleFromEnv } from 'nest-mcp';
import { BenchTaskTool } from './bench-task.tool.js';
import { GeneratedTools, SimpleTextTool } from './bench.tools.js';

/**
 * The benchmark server: the app's own env config (`mcpModuleFromEnv`), the
 * `test_simple_text` tool, and `BENCH_TOOLS` generated tools. `BENCH_PAGE_SIZE`
 * (bench only) overrides the list page size; unset, the module's default holds.
 * `BENCH_TASKS=n` (bench only) adds the task tool and lets one caller keep `n`
 * tasks (the tasks scenarios create thousands from one token).
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
      { ...benchPageSize(), ...benchTaskLimits() },
    ),
  ],
  providers: [SimpleTextTool, GeneratedTools, ...benchTaskTool()],
})
export class BenchModule {}

/** `BENCH_PAGE_SIZE` (0 = one page) lets the benchmark ask for the same one-page answer the others give. */
function benchPageSize(): { pageSize?: number } {
  const pageSize = process.env.BENCH_PAGE_SIZE?.trim();
  return pageSize ? { pageSize: Number(pageSize) } : {};
}

/** `BENCH_TASKS` as a whole number of tasks one caller may keep (0 or unset: no task tool, default bounds). */
function benchTasks(): number {
  const raw = process.env.BENCH_TASKS?.trim() || '0';
  if (!/^\d+$/.test(raw)) throw new Error(`BENCH_TASKS must be a whole number, got ${JSON.stringify(raw)}`);
  return Number(raw);
}

function benchTaskTool(): Provider[] {
  return benchTasks() > 0 ? [BenchTaskTool] : [];
}

/** The per-caller and in-memory task bounds raised to `BENCH_TASKS` (the other limits keep their defaults). */
function benchTaskLimits(): Pick<McpModuleOptions, 'taskLimits'> {
  const tasks = benchTasks();
  return tasks > 0 ? { taskLimits: { maxTasksPerPrincipal: tasks, maxTasks: tasks } } : {};
}

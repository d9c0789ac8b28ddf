import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Tool, type McpContext } from 'nest-mcp';
import { TASK_TOOL } from '../shared/tools.mjs';

/**
 * The tasks scenarios' tool (served with `BENCH_TASKS` only, so the other scenarios list the same tools as the
 * baselines): a task from the start for a client that declares the extension; it waits `seconds` (stopped by
 * `tasks/cancel`), then answers with 1 KiB of text.
 */
@Injectable()
export class BenchTaskTool {
  @Tool({
    name: TASK_TOOL.name,
    description: TASK_TOOL.description,
    task: 'optional',
    input: z.object({ seconds: z.number().min(0).max(3_600).default(0) }),
  })
  async run({ seconds }: { seconds: number }, ctx: McpContext): Promise<string> {
    if (seconds > 0) await sleep(seconds * 1_000, undefined, { signal: ctx.signal });
    return TASK_TOOL.text;
  }
}

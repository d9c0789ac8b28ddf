import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable, Logger, Module } from '@nestjs/common';
import { z } from 'zod';
import { Tool, type McpContext } from '../../src/index.js';

const ExportInput = z.object({ label: z.string().min(1), seconds: z.number().min(0).max(600).default(2) });

/**
 * Tools that run as tasks, for the specs that run the service as processes
 * (several instances on one Redis): a long export that reports progress and
 * stops when cancelled, and one that asks for approval midway. What a
 * process did is told in its log (`export <label> …`), the only thing a spec
 * sees of another process besides the wire.
 */
@Injectable()
export class FixtureExportTasks {
  private readonly logger = new Logger('FixtureExport');

  @Tool({
    name: 'long_export',
    task: 'optional',
    description: 'Exports for `seconds`, reporting each second; stops when cancelled',
    input: ExportInput,
  })
  async longExport({ label, seconds }: z.infer<typeof ExportInput>, ctx: McpContext): Promise<string> {
    this.logger.warn(`export ${label} started`);
    try {
      for (let second = 0; second < seconds; second++) {
        await ctx.reportProgress(second, seconds, `exporting ${label}: ${second}/${seconds} s`);
        await sleep(Math.min(1_000, (seconds - second) * 1_000), undefined, { signal: ctx.signal });
      }
    } catch (error) {
      if (ctx.signal.aborted) this.logger.warn(`export ${label} aborted`);
      throw error;
    }
    this.logger.warn(`export ${label} finished`);
    return `Exported ${label} in ${seconds}s`;
  }

  @Tool({
    name: 'approved_export',
    task: 'optional',
    description: 'Asks for approval halfway through an export',
    input: ExportInput,
  })
  async approvedExport({ label, seconds }: z.infer<typeof ExportInput>, ctx: McpContext): Promise<string> {
    await sleep((seconds * 1_000) / 2, undefined, { signal: ctx.signal });
    const answer = await ctx.elicit('approve', {
      message: `Export ${label}?`,
      requestedSchema: z.object({ approve: z.boolean() }),
    });
    if (answer.action !== 'accept' || !answer.content?.approve) return `Export ${label} declined`;
    await sleep((seconds * 1_000) / 2, undefined, { signal: ctx.signal });
    return `Exported ${label} after approval`;
  }
}

@Module({ providers: [FixtureExportTasks] })
export class FixtureExportTasksModule {}

import { Injectable } from '@nestjs/common';
import { ProtocolError, ProtocolErrorCode, type ElicitResult } from '@modelcontextprotocol/server';
import { setTimeout as sleep } from 'node:timers/promises';
import { z } from 'zod';
import { Tool, ToolError, type McpContext } from '../../src/index.js';

/** A form asking for one string field. */
const askFor = (message: string, field: string) => ({
  message,
  requestedSchema: { type: 'object' as const, properties: { [field]: { type: 'string' as const } }, required: [field] },
});

/** A yes/no form. */
const CONFIRM = {
  message: 'Confirm?',
  requestedSchema: { type: 'object' as const, properties: { confirm: { type: 'boolean' as const } } },
};

const said = (answer: ElicitResult, field: string): string =>
  answer.action === 'accept' ? String(answer.content?.[field] ?? '') : `(${answer.action})`;

/**
 * The tasks scenarios of the 2026-07-28 suite (SEP-2663), as the suite's
 * reference server declares them: a plain tool, and tools that run as tasks
 * (sleeping, failing as a tool, failing as a protocol, asking for input,
 * asking up front and then running as a task).
 */
@Injectable()
export class TaskTools {
  @Tool({ name: 'greet', description: 'Greets, at once (never a task)', input: z.object({ name: z.string() }) })
  greet({ name }: { name: string }) {
    return `Hello, ${name}!`;
  }

  @Tool({
    name: 'slow_compute',
    description: 'Sleeps `seconds`, then answers; stops when cancelled',
    task: 'optional',
    input: z.object({ seconds: z.number().min(0).max(600).default(1), label: z.string().optional() }),
  })
  async slowCompute({ seconds, label }: { seconds: number; label?: string }, ctx: McpContext) {
    await ctx.reportProgress(0, seconds, `computing ${label ?? ''}`.trim());
    await sleep(seconds * 1_000, undefined, { signal: ctx.signal });
    return `Computed ${label ?? 'result'} in ${seconds}s`;
  }

  @Tool({ name: 'failing_job', description: 'Fails as a tool after about a second', task: 'required' })
  async failingJob(_args: Record<string, unknown>, ctx: McpContext) {
    await sleep(1_000, undefined, { signal: ctx.signal });
    throw new ToolError('The job failed');
  }

  @Tool({ name: 'protocol_error_job', description: 'Fails with a protocol error', task: 'optional' })
  async protocolErrorJob(_args: Record<string, unknown>, ctx: McpContext) {
    await sleep(200, undefined, { signal: ctx.signal });
    throw new ProtocolError(ProtocolErrorCode.InternalError, 'The job broke down');
  }

  @Tool({
    name: 'confirm_delete',
    description: 'Asks for confirmation, then deletes (pretends to)',
    task: 'optional',
    input: z.object({ filename: z.string() }),
  })
  async confirmDelete({ filename }: { filename: string }, ctx: McpContext) {
    const answer = await ctx.elicit('confirm', { ...CONFIRM, message: `Delete ${filename}?` });
    return answer.action === 'accept' && answer.content?.confirm ? `Deleted ${filename}` : `Kept ${filename}`;
  }

  @Tool({ name: 'multi_input', description: 'Asks two questions at once', task: 'optional' })
  async multiInput(_args: Record<string, unknown>, ctx: McpContext) {
    const [first, second] = await Promise.all([
      ctx.elicit('first', askFor('First name?', 'name')),
      ctx.elicit('second', askFor('Second name?', 'name')),
    ]);
    return `Got ${said(first, 'name')} and ${said(second, 'name')}`;
  }

  @Tool({
    name: 'test_tool_with_task',
    description: 'Asks for a name up front (input_required), then runs as a task',
    task: 'required',
    taskAfterMs: 300,
  })
  async withTask(_args: Record<string, unknown>, ctx: McpContext) {
    const name = said(await ctx.elicit('user_name', askFor('Your name?', 'name')), 'name');
    await sleep(1_000, undefined, { signal: ctx.signal });
    return `Hello, ${name}, from a task`;
  }
}

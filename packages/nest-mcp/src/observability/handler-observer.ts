import { isInputRequiredResult } from '@modelcontextprotocol/server';
import { callerKeyOf } from '../auth/caller-key.js';
import type { CallsPerCaller } from '../lifecycle/calls-per-caller.js';
import type { McpLifecycle } from '../lifecycle/mcp-lifecycle.service.js';
import type { Request } from 'express';
import { recordOutcome } from './current-exchange.js';
import type { McpMetrics } from './mcp-metrics.service.js';
import { HandlerSpan, type TracedHandler } from './tracing/handler-span.js';

/** How a handler answered, as logs and metrics name it. */
export function outcomeOf(result: unknown): string {
  if (isInputRequiredResult(result)) return 'input_required';
  if (isTaskCreation(result)) return 'task';
  return (result as { isError?: boolean }).isError ? 'is_error' : 'ok';
}

/** A call's answer that it became a task (2026-07-28 `resultType: "task"`, 2025-11-25 `{ task }`). */
const isTaskCreation = (result: unknown): boolean =>
  typeof result === 'object' &&
  result !== null &&
  ((result as { resultType?: unknown }).resultType === 'task' || 'task' in result);

/** An outcome as a metric label: `error:<code>` counts as `error`. */
export function outcomeLabel(outcome: string): string {
  const colon = outcome.indexOf(':');
  return colon < 0 ? outcome : outcome.slice(0, colon);
}

/**
 * Wraps each tool, prompt and resource call: counts it as in flight (for
 * draining, and against its caller's bound), records its outcome on the
 * exchange (for the log line) and, for tools, in the metrics.
 */
export class HandlerObserver {
  constructor(
    private readonly metrics: McpMetrics,
    private readonly lifecycle: McpLifecycle,
    private readonly perCaller: CallsPerCaller,
  ) {}

  async observe<T>(
    tool: string | undefined,
    req: Request | undefined,
    run: () => Promise<T>,
    traced?: TracedHandler,
  ): Promise<T> {
    const span = HandlerSpan.start(traced, tool, req);
    const release = req ? this.perCaller.begin(callerKeyOf(req)) : undefined;
    const end = this.lifecycle.begin();
    const started = performance.now();
    let outcome = 'error';
    try {
      const result = await (span ? span.run(run) : run());
      outcome = outcomeOf(result);
      return result;
    } catch (error) {
      const code = (error as { code?: unknown }).code;
      outcome = `error:${typeof code === 'number' ? code : 'internal'}`;
      throw error;
    } finally {
      end();
      release?.();
      recordOutcome(req, outcome);
      span?.end(outcome);
      if (tool) this.metrics.recordTool(tool, outcomeLabel(outcome), (performance.now() - started) / 1000);
    }
  }
}

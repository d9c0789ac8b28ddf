import { Inject, Injectable, Logger } from '@nestjs/common';
import { McpMetrics } from '../observability/mcp-metrics.service.js';
import { currentTraceCarrier } from '../observability/tracing/trace-carrier.js';
import { clientErrorOf } from '../errors/client-error.js';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';
import { McpLifecycle } from '../lifecycle/mcp-lifecycle.service.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { MCP_INSTANCE_LIVENESS, type InstanceLiveness } from '../stores/tasks/instance-liveness.js';
import { isTerminal } from '../stores/tasks/task-records.js';
import { TaskResultTooLargeError } from '../stores/tasks/task-store.errors.js';
import { MCP_TASK_SIGNALS, type TaskSignals } from '../stores/tasks/task-signals.js';
import {
  MCP_TASK_STORE,
  type TaskOutcome,
  type TaskPage,
  type TaskRecord,
  type TaskStore,
} from '../stores/tasks/task.store.js';
import { RunningTask } from './running-task.js';
import type { TaskBinding } from './task-binding.js';

/** What a call that becomes a task brings. */
export interface TaskStart {
  owner: string;
  tool: string;
  /** The TTL the client asked for (2025-11-25), if any. */
  requestedTtlMs?: number;
  binding: TaskBinding;
  /** The rest of the call: its result, or the protocol error it throws. */
  outcome: () => Promise<unknown>;
  /** Told of the task's changes made here (a 2025-11-25 session's `notifications/tasks/status`). */
  onChange?: (record: TaskRecord) => void;
}

/** How a task still running when the server stops ends: the client may call again. */
const SHUT_DOWN: TaskOutcome = {
  status: 'failed',
  error: { code: JsonRpcCode.ServiceUnavailable, message: 'The server shut down before the task finished' },
  statusMessage: 'The server shut down before the task finished',
};

/** How often a waiting task (or `tasks/result`) looks at the store on its own, in case a signal was lost. */
const LOOK_EVERY_MS = 1_000;

/**
 * Runs tool calls as tasks and answers for tasks from any instance. A call
 * that becomes a task is recorded (durably, before the client hears of it),
 * runs on here to its end, and its outcome is recorded: a result (tool errors
 * included) as `completed`, a protocol error as `failed`, a cancellation as
 * `cancelled`. Reads settle the tasks of an instance that died (`failed`).
 */
@Injectable()
export class TaskRuntime {
  private readonly logger = new Logger('McpTasks');
  private readonly running = new Map<string, { binding: TaskBinding; task: RunningTask }>();

  constructor(
    @Inject(MCP_TASK_STORE) private readonly store: TaskStore,
    @Inject(MCP_TASK_SIGNALS) private readonly signals: TaskSignals,
    @Inject(MCP_INSTANCE_LIVENESS) private readonly liveness: InstanceLiveness,
    private readonly lifecycle: McpLifecycle,
    @Inject(MCP_OPTIONS) private readonly options: ResolvedMcpOptions,
    metrics: McpMetrics,
  ) {
    metrics.runningTasks = () => this.countBy((task) => task.lastStatus);
    metrics.principalMaxima.set('tasks', () => Math.max(0, ...Object.values(this.countBy((task) => task.owner))));
  }

  /** The tasks running here, counted by `key`. */
  private countBy(key: (task: RunningTask) => string): Record<string, number> {
    const counts: Record<string, number> = { working: 0, input_required: 0 };
    for (const { task } of this.running.values()) counts[key(task)] = (counts[key(task)] ?? 0) + 1;
    return counts;
  }

  /** Records the task (refused past its owner's bound), then runs the rest of the call under it. */
  async start(start: TaskStart): Promise<TaskRecord> {
    const { binding } = start;
    let record: TaskRecord;
    try {
      record = await this.store.create({
        owner: start.owner,
        tool: start.tool,
        ttlMs: this.ttlFor(start.requestedTtlMs),
        pollIntervalMs: this.options.taskLimits.pollIntervalMs,
        instance: this.liveness.id,
        traceparent: currentTraceCarrier()?.traceparent,
      });
    } catch (error) {
      binding.fail(error);
      throw error;
    }
    const onChange = start.onChange ?? (() => undefined);
    const events = { onCancel: () => binding.cancel(), onChange };
    const task = new RunningTask(record, this.store, this.signals, events, LOOK_EVERY_MS);
    this.running.set(record.id, { binding, task });
    binding.attach(task);
    // At its TTL the task is gone (and its place in its owner's bound): the call has no one to answer to.
    const expiry = setTimeout(() => void task.look(), record.ttlMs).unref();
    const end = this.lifecycle.begin();
    void this.finish(record, binding, start.outcome, onChange).finally(() => {
      clearTimeout(expiry);
      task.close();
      binding.release();
      this.running.delete(record.id);
      end();
    });
    return record;
  }

  /** The task, if `owner`'s; a task whose instance died is settled `failed` first. */
  async get(id: string, owner: string): Promise<TaskRecord | undefined> {
    const record = await this.store.get(id, owner);
    if (!record || isTerminal(record) || record.instance === this.liveness.id) return record;
    const alive = await this.liveness.isAlive(record.instance).catch(() => true);
    if (alive) return record;
    this.logger.warn(`task ${id}: its instance stopped; settled as failed`);
    return this.settle(record, {
      status: 'failed',
      error: { code: JsonRpcCode.InternalError, message: 'The server instance running this task stopped' },
      statusMessage: 'The server instance running this task stopped',
    });
  }

  async list(owner: string, cursor?: string): Promise<TaskPage> {
    const page = await this.store.list(owner, cursor);
    const tasks = await Promise.all(page.tasks.map(async (task) => (await this.get(task.id, owner)) ?? task));
    return { ...page, tasks };
  }

  /** Cancels a running task (it is `cancelled` at once; the call hears of it wherever it runs). */
  async cancel(id: string, owner: string): Promise<TaskRecord | undefined> {
    const record = await this.store.requestCancel(id, owner);
    if (!record || isTerminal(record)) return record;
    return this.settle(record, { status: 'cancelled', statusMessage: 'Cancelled by the client' });
  }

  /** Takes the client's answers to the task's open questions (others are ignored). */
  async answer(id: string, owner: string, responses: Record<string, unknown>): Promise<TaskRecord | undefined> {
    const record = await this.store.answerInput(id, owner, responses);
    if (record) this.signals.publish(id);
    return record;
  }

  /** Resolves when the task may have changed (a signal, or `LOOK_EVERY_MS`), or when `signal` aborts. */
  changed(id: string, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve) => {
      const done = () => {
        stop();
        clearTimeout(timer);
        signal.removeEventListener('abort', done);
        resolve();
      };
      const stop = this.signals.subscribe(id, done);
      const timer = setTimeout(done, LOOK_EVERY_MS).unref();
      signal.addEventListener('abort', done, { once: true });
    });
  }

  /** Settles what still runs here (a shutdown past its grace): recorded as `failed`, then the lease goes. */
  async abandon(): Promise<void> {
    await Promise.all(
      [...this.running.values()].map(({ task }) =>
        this.store
          .settle(task.id, task.owner, SHUT_DOWN)
          .then(() => this.signals.publish(task.id))
          .catch(() => undefined),
      ),
    );
    await this.liveness.release();
  }

  private ttlFor(requested: number | undefined): number {
    const { defaultTaskTtlMs, maxTaskTtlMs } = this.options.taskLimits;
    if (requested === undefined || !Number.isFinite(requested) || requested <= 0) return defaultTaskTtlMs;
    return Math.min(Math.floor(requested), maxTaskTtlMs);
  }

  private async finish(
    record: TaskRecord,
    binding: TaskBinding,
    outcome: () => Promise<unknown>,
    onChange: (record: TaskRecord) => void,
  ): Promise<void> {
    let settled: TaskOutcome;
    try {
      settled = { status: 'completed', result: (await outcome()) as Record<string, unknown> };
    } catch (error) {
      const seen = clientErrorOf(error, 'Task');
      const data = seen.data !== undefined ? { data: seen.data } : {};
      settled = {
        status: 'failed',
        error: { code: seen.code, message: seen.message, ...data },
        statusMessage: seen.message,
      };
    }
    // However the call ended, a cancellation or a shutdown is what ended it.
    if (binding.cancelRequested) settled = { status: 'cancelled' };
    else if (binding.signal.aborted && this.lifecycle.shutdownSignal.aborted) settled = SHUT_DOWN;
    await this.settle(record, settled)
      .catch(async (error: unknown) => {
        if (!(error instanceof TaskResultTooLargeError)) throw error;
        const message = `The task's result is too large to keep (${error.bytes} bytes)`;
        return this.settle(record, { status: 'failed', error: { code: JsonRpcCode.InternalError, message } });
      })
      .then((final) => final && onChange(final))
      .catch((error: unknown) => this.logger.error(`task ${record.id} not settled: ${(error as Error).message}`));
  }

  private async settle(record: TaskRecord, outcome: TaskOutcome): Promise<TaskRecord | undefined> {
    const settled = await this.store.settle(record.id, record.owner, outcome);
    this.signals.publish(record.id);
    return settled;
  }
}

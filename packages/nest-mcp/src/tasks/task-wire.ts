import { JsonRpcCode } from '../errors/json-rpc-codes.js';
import type { TaskRecord } from '../stores/tasks/task.store.js';

/** The `Task` both wires share the fields of; the 2026-07-28 names (`ttlMs`, `pollIntervalMs`). */
function taskFields(record: TaskRecord) {
  return {
    taskId: record.id,
    status: record.status,
    ...(record.statusMessage !== undefined && { statusMessage: record.statusMessage }),
    createdAt: new Date(record.createdAt).toISOString(),
    lastUpdatedAt: new Date(record.lastUpdatedAt).toISOString(),
  };
}

/** 2026-07-28 `CreateTaskResult`: flat, `resultType: "task"`. */
export function createdTask(record: TaskRecord) {
  return {
    resultType: 'task',
    ...taskFields(record),
    ttlMs: record.ttlMs,
    ...(record.pollIntervalMs !== undefined && { pollIntervalMs: record.pollIntervalMs }),
  };
}

/**
 * 2026-07-28 `DetailedTask` (for `tasks/get`): the open questions while
 * `input_required`, the result once `completed`, the error once `failed`.
 */
export function detailedTask(record: TaskRecord) {
  const { resultType: _task, ...task } = createdTask(record);
  return {
    ...task,
    ...(record.status === 'input_required' && { inputRequests: record.inputRequests ?? {} }),
    ...(record.status === 'completed' && { result: record.result ?? { content: [] } }),
    ...(record.status === 'failed' && {
      error: record.error ?? { code: JsonRpcCode.InternalError, message: 'Internal error' },
    }),
  };
}

/** 2025-11-25 `Task` (`ttl`, `pollInterval`). */
export function legacyTask(record: TaskRecord) {
  return {
    ...taskFields(record),
    ttl: record.ttlMs,
    ...(record.pollIntervalMs !== undefined && { pollInterval: record.pollIntervalMs }),
  };
}

/** 2025-11-25 `CreateTaskResult`: the task under `task`. */
export const legacyCreatedTask = (record: TaskRecord) => ({ task: legacyTask(record) });

/** Marks the result that tells the client its call became a task (the server passes it through as it is). */
const TASK_CREATED = Symbol('nest-mcp.taskCreated');

/** A creation result (either wire's), marked as such. */
export const markedCreated = <T extends object>(created: T): T => Object.assign(created, { [TASK_CREATED]: true });

/** Whether a call's answer is that it became a task (as the runtime marked it; never a tool's own result). */
export const isTaskCreation = (result: unknown): boolean =>
  typeof result === 'object' && result !== null && (result as Record<symbol, unknown>)[TASK_CREATED] === true;

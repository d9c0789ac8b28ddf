import { randomUUID } from 'node:crypto';
import type { ResolvedMcpOptions } from '../../options/mcp-options.schema.js';
import { InvalidTaskCursorError, TaskResultTooLargeError } from './task-store.errors.js';
import { TERMINAL_TASK_STATUSES, type NewTask, type TaskOutcome, type TaskRecord } from './task.store.js';

/** The bounds both default stores keep (from the module's `taskLimits` and `pageSize`). */
export interface TaskStoreLimits {
  /** Tasks alive per principal; past it, `create` is refused. */
  maxPerPrincipal: number;
  /** Bytes of a settled task's result or error, as JSON. */
  maxResultBytes: number;
  /** Tasks per `list` page (0: all in one). */
  pageSize: number;
  /** Tasks alive in all; past it, `create` is refused. */
  maxTasks: number;
}

/** The store's bounds, from the module's options. */
export const taskStoreLimitsOf = ({ taskLimits, pageSize }: ResolvedMcpOptions): TaskStoreLimits => ({
  maxPerPrincipal: taskLimits.maxTasksPerPrincipal,
  maxResultBytes: taskLimits.maxTaskResultBytes,
  pageSize,
  maxTasks: taskLimits.maxTasks,
});

/** A new task's record: `working`, with a fresh unguessable id. */
export function newTaskRecord(task: NewTask, now = Date.now()): TaskRecord {
  return { ...task, id: randomUUID(), status: 'working', createdAt: now, lastUpdatedAt: now, cancelRequested: false };
}

export const isTerminal = (record: Pick<TaskRecord, 'status'>): boolean =>
  TERMINAL_TASK_STATUSES.includes(record.status);

/** The bytes of an outcome's result or error, as JSON. */
export function outcomeBytes(outcome: TaskOutcome): number {
  const payload = 'result' in outcome ? outcome.result : 'error' in outcome ? outcome.error : undefined;
  return payload === undefined ? 0 : Buffer.byteLength(JSON.stringify(payload));
}

/** The fields an outcome sets, its result or error bounded in bytes (as JSON). */
export function settledFields(outcome: TaskOutcome, maxResultBytes: number, now = Date.now()): Partial<TaskRecord> {
  const bytes = outcomeBytes(outcome);
  if (bytes > maxResultBytes) throw new TaskResultTooLargeError(bytes, maxResultBytes);
  return { ...outcome, lastUpdatedAt: now };
}

/** A task's place in its owner's list: by expiry, then id (the order both stores can keep). */
export interface ListedTask {
  id: string;
  expiresAt: number;
}

/** One page of an owner's tasks (any order in, sorted here) and the cursor after it. */
export function pageOf(
  listed: ListedTask[],
  cursor: string | undefined,
  pageSize: number,
): { ids: string[]; nextCursor?: string } {
  const sorted = [...listed].sort((a, b) => a.expiresAt - b.expiresAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const after = cursor === undefined ? undefined : decodeCursor(cursor);
  const rest = after
    ? sorted.filter(
        ({ id, expiresAt }) => expiresAt > after.expiresAt || (expiresAt === after.expiresAt && id > after.id),
      )
    : sorted;
  const page = pageSize > 0 ? rest.slice(0, pageSize) : rest;
  const last = page.at(-1);
  return {
    ids: page.map(({ id }) => id),
    nextCursor: last && page.length < rest.length ? encodeCursor(last) : undefined,
  };
}

const encodeCursor = ({ id, expiresAt }: ListedTask): string =>
  Buffer.from(JSON.stringify([expiresAt, id])).toString('base64url');

function decodeCursor(cursor: string): ListedTask {
  try {
    const [expiresAt, id] = JSON.parse(Buffer.from(cursor, 'base64url').toString()) as unknown[];
    if (typeof expiresAt === 'number' && typeof id === 'string') return { id, expiresAt };
  } catch {
    // Falls through to the error below.
  }
  throw new InvalidTaskCursorError();
}

/** A task's status, as both tasks wires name them (2026-07-28 extension, 2025-11-25). */
export type TaskStatus = 'working' | 'input_required' | 'completed' | 'failed' | 'cancelled';

/** The statuses a task never leaves. */
export const TERMINAL_TASK_STATUSES: readonly TaskStatus[] = ['completed', 'failed', 'cancelled'];

/** A protocol error a task failed with (`failed`); a tool's own error is a `completed` result with `isError`. */
export interface TaskError {
  code: number;
  message: string;
  data?: unknown;
}

/** How a task ends: a result, a protocol error, or cancellation. */
export type TaskOutcome =
  | { status: 'completed'; result: Record<string, unknown>; statusMessage?: string }
  | { status: 'failed'; error: TaskError; statusMessage?: string }
  | { status: 'cancelled'; statusMessage?: string };

/** What the runtime gives to create a task; the store adds its id and times. */
export interface NewTask {
  /** The principal it belongs to: its caller key (`callerKey`). */
  owner: string;
  tool: string;
  /** Kept this long from creation, result included, then gone. */
  ttlMs: number;
  pollIntervalMs?: number;
  /** The instance running it. */
  instance: string;
  /**
   * The W3C `traceparent` of the call that created it, when traced: the
   * spans of the requests about the task, on any instance, link to it.
   */
  traceparent?: string;
}

/** A task as stored. Times are epoch milliseconds. */
export interface TaskRecord extends NewTask {
  /** Unguessable (random UUID); still only its owner ever finds it. */
  id: string;
  status: TaskStatus;
  statusMessage?: string;
  createdAt: number;
  lastUpdatedAt: number;
  /** Someone asked to cancel it; the instance running it acts on that. */
  cancelRequested: boolean;
  result?: Record<string, unknown>;
  error?: TaskError;
  /** Questions for the client still unanswered, by key (each a 2026-07-28 input request). */
  inputRequests?: Record<string, unknown>;
  /** Answers the client gave that the instance running the task has not taken yet, by key. */
  inputResponses?: Record<string, unknown>;
}

/** A page of an owner's tasks, and where the next one starts. */
export interface TaskPage {
  tasks: TaskRecord[];
  nextCursor?: string;
}

/** A change to a task still running. */
export interface TaskProgress {
  status?: 'working' | 'input_required';
  statusMessage?: string;
}

/**
 * The records of tasks (long-running tool calls): who owns each, where it
 * stands, and its result once settled. A task belongs to the principal that
 * created it: every method but `create` takes the asking principal, and for
 * anyone else a task does not exist (undefined, the not-found answer). Each
 * record, and its result, expires `ttlMs` after its creation. Defaults: in
 * memory (one process), or Redis when `redis` is set; plug your own with
 * `McpModule.forRoot({ stores: { tasks: ... } })`.
 *
 * A store that cannot answer throws (best: `StoreUnavailableError`); it must
 * answer or fail within a deadline.
 */
export interface TaskStore {
  /**
   * Stores a new `working` task and returns it. An owner with
   * `maxTasksPerPrincipal` tasks alive gives up its oldest settled one; with
   * all of them running, the new one is refused with `TaskLimitError` (atomic:
   * concurrent creates, on any instance, never pass the bound).
   */
  create(task: NewTask): Promise<TaskRecord>;
  /** The task, when it exists and belongs to `owner`. */
  get(id: string, owner: string): Promise<TaskRecord | undefined>;
  /** `owner`'s tasks alive, a page at a time (`cursor`: a page's `nextCursor`; a bad one throws `InvalidTaskCursorError`). */
  list(owner: string, cursor?: string): Promise<TaskPage>;
  /** Changes a running task's status or message; a settled one stays as it is. Returns the task as it now is. */
  update(id: string, owner: string, progress: TaskProgress): Promise<TaskRecord | undefined>;
  /**
   * Ends a running task with its outcome (a settled one stays as it is:
   * the first outcome wins). A result past `maxTaskResultBytes` (as JSON) is
   * refused with `TaskResultTooLargeError`. Returns the task as it now is.
   */
  settle(id: string, owner: string, outcome: TaskOutcome): Promise<TaskRecord | undefined>;
  /**
   * Adds questions for the client to a running task and puts it in
   * `input_required`. Returns the task as it now is.
   */
  askInput(id: string, owner: string, requests: Record<string, unknown>): Promise<TaskRecord | undefined>;
  /**
   * Records the client's answers to the questions still open (any other key
   * is ignored: never asked, or answered already), and puts the task back to
   * `working` once none is left. Atomic: two answers to one question, on any
   * instances, are taken once. Returns the task as it now is.
   */
  answerInput(id: string, owner: string, responses: Record<string, unknown>): Promise<TaskRecord | undefined>;
  /** The answers recorded and not yet taken, taken (each is handed out once). */
  takeAnswers(id: string, owner: string): Promise<Record<string, unknown>>;
  /** Flags a running task for cancellation (idempotent). Returns the task as it now is. */
  requestCancel(id: string, owner: string): Promise<TaskRecord | undefined>;
  /** Deletes the task (and its place in its owner's bound); a missing one is not an error. */
  delete(id: string, owner: string): Promise<void>;
}

/** Injection token of the `TaskStore`. */
export const MCP_TASK_STORE = Symbol('MCP_TASK_STORE');

/**
 * Word that a task changed (a status, a question answered, a cancellation),
 * from the instance that changed it to every instance, its own included:
 * the instance running the task acts on answers and cancellations, and
 * whoever waits on the task (a 2025-era `tasks/result`) looks again. Best
 * effort: a listener also looks on its own from time to time, so a lost
 * signal only delays. In memory (one process), or Redis pub/sub with `redis`.
 */
export interface TaskSignals {
  /** Tells every instance that the task changed; never throws, never waits. */
  publish(taskId: string): void;
  /** Calls `listener` when the task changes; returns the function that stops it. */
  subscribe(taskId: string, listener: () => void): () => void;
}

/** Injection token of the `TaskSignals`. */
export const MCP_TASK_SIGNALS = Symbol('MCP_TASK_SIGNALS');

/** Listeners by task id, for one process; the Redis signals deliver through one too. */
export class InMemoryTaskSignals implements TaskSignals {
  private readonly listeners = new Map<string, Set<() => void>>();

  publish(taskId: string): void {
    // A listener may stop itself while called: a Set's iteration allows that.
    for (const listener of this.listeners.get(taskId) ?? []) {
      try {
        listener();
      } catch {
        // A listener's failure is its own; the others still hear.
      }
    }
  }

  subscribe(taskId: string, listener: () => void): () => void {
    const listeners = this.listeners.get(taskId) ?? new Set();
    this.listeners.set(taskId, listeners.add(listener));
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(taskId) === listeners) this.listeners.delete(taskId);
    };
  }
}

import type { InputAnswers, InputAsk } from '../protocol/input-ask.js';
import type { RunningTask } from './running-task.js';

/**
 * What the context of a call that may become a task goes through. Until the
 * call becomes a task it is the request's: the client's cancellation or
 * disconnection aborts it, and questions are multi-round-trip input
 * requests. From then on it is the task's: only `tasks/cancel` (or a
 * shutdown) aborts it, questions wait for the client's answers to the task,
 * and progress is the task's status message.
 */
export class TaskBinding {
  private readonly controller = new AbortController();
  private task?: Promise<RunningTask>;
  private settleTask?: { resolve(task: RunningTask): void; reject(error: unknown): void };
  /** Removes the listeners this binding put on signals that outlive the call (the server's shutdown). */
  private readonly unlisten: (() => void)[] = [];
  /** The client asked to cancel the task (not the request: that is the signal's reason until then). */
  cancelRequested = false;

  constructor(requestSignals: AbortSignal[], shutdown?: AbortSignal) {
    for (const signal of requestSignals) {
      this.onAbort(signal, () => {
        if (!this.task) this.controller.abort(signal.reason);
      });
    }
    if (shutdown) this.onAbort(shutdown, () => this.controller.abort(shutdown.reason));
  }

  get signal(): AbortSignal {
    return this.controller.signal;
  }

  /** Whether the call is a task now (its questions and progress go to the task). */
  get isTask(): boolean {
    return this.task !== undefined;
  }

  /** From now on the call is a task; what it asks waits until the task exists (`attach`). */
  becomeTask(): void {
    this.task = new Promise<RunningTask>((resolve, reject) => (this.settleTask = { resolve, reject }));
    // Nobody may be waiting yet; a failure is seen by each `ask` that waits.
    this.task.catch(() => undefined);
  }

  attach(task: RunningTask): void {
    this.settleTask?.resolve(task);
  }

  /** The task could not be created: the call stops, and its questions fail. */
  fail(error: unknown): void {
    this.settleTask?.reject(error);
    this.controller.abort(error);
    this.release();
  }

  /**
   * The call (or its task) has ended: the binding stops listening to the
   * server's shutdown signal, which would otherwise keep it, and the task it
   * leads to, in memory until the process stops.
   */
  release(): void {
    for (const stop of this.unlisten.splice(0)) stop();
  }

  /** `tasks/cancel` (from any instance): the call is told through its signal. */
  cancel(): void {
    this.cancelRequested = true;
    this.controller.abort(abortError('the task was cancelled'));
  }

  async ask<T extends Record<string, InputAsk>>(asks: T): Promise<InputAnswers<T>> {
    return (await this.task!).ask(asks, this.signal);
  }

  async progress(message: string): Promise<void> {
    (await this.task!).progress(message);
  }

  private onAbort(signal: AbortSignal, listener: () => void): void {
    if (signal.aborted) return listener();
    signal.addEventListener('abort', listener, { once: true });
    this.unlisten.push(() => signal.removeEventListener('abort', listener));
  }
}

/** An abort reason that handlers recognise as cancellation (`error.name === 'AbortError'`). */
export const abortError = (message: string): Error => Object.assign(new Error(message), { name: 'AbortError' });

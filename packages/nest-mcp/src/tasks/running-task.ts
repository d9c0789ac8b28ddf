import { Logger } from '@nestjs/common';
import { ProtocolError } from '@modelcontextprotocol/server';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';
import { findAnswer, toInputRequest, type InputAnswers, type InputAsk } from '../protocol/input-ask.js';
import { isTerminal } from '../stores/tasks/task-records.js';
import type { TaskSignals } from '../stores/tasks/task-signals.js';
import type { TaskRecord, TaskStore } from '../stores/tasks/task.store.js';
import { abortError } from './task-binding.js';

/**
 * A task running on this instance: it puts the call's questions to the
 * client (open questions on the task, answered by `tasks/update` or relayed
 * by a 2025-era `tasks/result`, on any instance), takes the answers as they
 * come, passes a cancellation on, and writes progress as the status message.
 * It hears of changes through the task signals, and looks on its own every
 * `lookEveryMs` while it waits, in case a signal was lost.
 */
export class RunningTask {
  private readonly logger = new Logger('McpTasks');
  /** Answers taken from the store, by wire key, until their question's `ask` picks them up. */
  private readonly mailbox = new Map<string, unknown>();
  private readonly waiters = new Set<() => void>();
  /** Every wire key used: a key is never reused over a task's life (SEP-2663). */
  private readonly usedKeys = new Set<string>();
  private readonly stopListening: () => void;
  private looker?: NodeJS.Timeout;
  private pendingMessage?: string;
  private writingProgress = false;
  private closed = false;

  readonly id: string;
  readonly owner: string;
  /** The status last seen here, to tell of a change once. */
  private status: TaskRecord['status'];

  /** The status last seen here (for the metrics). */
  get lastStatus(): TaskRecord['status'] {
    return this.status;
  }

  constructor(
    record: TaskRecord,
    private readonly store: TaskStore,
    private readonly signals: TaskSignals,
    private readonly events: { onCancel(): void; onChange(record: TaskRecord): void },
    private readonly lookEveryMs: number,
  ) {
    this.id = record.id;
    this.owner = record.owner;
    this.status = record.status;
    this.stopListening = signals.subscribe(record.id, () => void this.look());
  }

  /** Puts the questions to the client and waits for every answer (or for the task to be cancelled). */
  async ask<T extends Record<string, InputAsk>>(asks: T, signal: AbortSignal): Promise<InputAnswers<T>> {
    signal.throwIfAborted();
    const keys = Object.fromEntries(Object.keys(asks).map((key) => [key, this.freshKey(key)]));
    const requests = Object.fromEntries(Object.entries(asks).map(([key, ask]) => [keys[key]!, toInputRequest(ask)]));
    this.changed(await this.store.askInput(this.id, this.owner, requests));
    this.signals.publish(this.id);
    await this.until(() => Object.values(keys).every((wireKey) => this.mailbox.has(wireKey)), signal);
    const answers: Record<string, unknown> = {};
    for (const [key, ask] of Object.entries(asks)) {
      const wireKey = keys[key]!;
      const answer = findAnswer(ask, { [wireKey]: this.mailbox.get(wireKey) }, wireKey);
      this.mailbox.delete(wireKey);
      if (answer === undefined) {
        throw new ProtocolError(JsonRpcCode.InvalidParams, `The answer to input request ${wireKey} is not of its kind`);
      }
      answers[key] = answer;
    }
    return answers as InputAnswers<T>;
  }

  /** Sets the status message; writes are not queued up: while one is being written, only the latest waits. */
  progress(message: string): void {
    this.pendingMessage = message;
    if (!this.writingProgress) void this.writeProgress();
  }

  /** Looks at the task: a cancellation stops the call, answers go to the mailbox. */
  async look(): Promise<void> {
    try {
      const record = await this.store.get(this.id, this.owner);
      // The call ended meanwhile (and settled the task itself).
      if (this.closed) return;
      // Gone (expired, deleted) or cancelled: the call has no one to answer to.
      if (!record || record.cancelRequested || record.status === 'cancelled') return this.events.onCancel();
      this.changed(record);
      // Nor once settled elsewhere: failed as a dead instance's, this one having stalled past its lease.
      if (isTerminal(record)) return this.events.onCancel();
      if (Object.keys(record.inputResponses ?? {}).length === 0) return;
      for (const [key, answer] of Object.entries(await this.store.takeAnswers(this.id, this.owner))) {
        this.mailbox.set(key, answer);
      }
      for (const wake of this.waiters) wake();
    } catch (error) {
      this.logger.debug(`task ${this.id} not looked at: ${(error as Error).message}`);
    }
  }

  /** Tells of a status this task had not been seen in. */
  private changed(record: TaskRecord | undefined): void {
    if (!record || record.status === this.status) return;
    this.status = record.status;
    this.events.onChange(record);
  }

  close(): void {
    this.closed = true;
    this.stopListening();
    clearInterval(this.looker);
    for (const wake of this.waiters) wake();
  }

  private until(done: () => boolean, signal: AbortSignal): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const check = () => {
        if (signal.aborted) finish(() => reject(signal.reason ?? abortError('the task was cancelled')));
        else if (done()) finish(resolve);
      };
      const finish = (settle: () => void) => {
        this.waiters.delete(check);
        signal.removeEventListener('abort', check);
        if (this.waiters.size === 0) {
          clearInterval(this.looker);
          this.looker = undefined;
        }
        settle();
      };
      this.waiters.add(check);
      signal.addEventListener('abort', check, { once: true });
      this.looker ??= setInterval(() => void this.look(), this.lookEveryMs).unref();
      check();
    });
  }

  private freshKey(key: string): string {
    let wireKey = key;
    for (let n = 2; this.usedKeys.has(wireKey); n++) wireKey = `${key}.${n}`;
    this.usedKeys.add(wireKey);
    return wireKey;
  }

  private async writeProgress(): Promise<void> {
    this.writingProgress = true;
    try {
      while (this.pendingMessage !== undefined) {
        const statusMessage = this.pendingMessage;
        this.pendingMessage = undefined;
        await this.store.update(this.id, this.owner, { statusMessage });
        this.signals.publish(this.id);
      }
    } catch (error) {
      this.logger.debug(`task ${this.id} progress not written: ${(error as Error).message}`);
    } finally {
      this.writingProgress = false;
    }
  }
}

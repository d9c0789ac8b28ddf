import type { OnApplicationShutdown } from '@nestjs/common';
import {
  isTerminal,
  newTaskRecord,
  outcomeBytes,
  pageOf,
  settledFields,
  type TaskStoreLimits,
} from './task-records.js';
import { TaskLimitError, TaskResultTooLargeError } from './task-store.errors.js';
import type { NewTask, TaskOutcome, TaskPage, TaskProgress, TaskRecord, TaskStore } from './task.store.js';

export interface InMemoryTaskStoreOptions extends TaskStoreLimits {
  /**
   * Bytes of results and errors held at most in all (as JSON). A result that
   * would pass it makes room first: the principal holding the most bytes
   * gives up its oldest settled task, so one principal's results never push
   * out another's smaller share. Default: unbounded.
   */
  maxBytes?: number;
  /** How often expired tasks are dropped. Default 1 s. */
  sweepEveryMs?: number;
}

interface Held {
  record: TaskRecord;
  expiresAt: number;
  /** Bytes of its result or error (as JSON), once settled. */
  bytes: number;
}

/**
 * Tasks in this process (one instance): bounded per principal and in all.
 * Each expires `ttlMs` after its creation: gone for every method at once,
 * and dropped by a sweep, so memory follows the tasks alive.
 */
export class InMemoryTaskStore implements TaskStore, OnApplicationShutdown {
  private readonly tasks = new Map<string, Held>();
  private readonly owners = new Map<string, Set<string>>();
  private readonly bytesOf = new Map<string, number>();
  private heldBytes = 0;
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: InMemoryTaskStoreOptions) {
    this.sweeper = setInterval(() => this.sweep(), options.sweepEveryMs ?? 1_000).unref();
  }

  get size(): number {
    return this.tasks.size;
  }

  /** Bytes of the results and errors held. */
  get bytes(): number {
    return this.heldBytes;
  }

  async create(task: NewTask): Promise<TaskRecord> {
    const owned = this.owners.get(task.owner) ?? new Set<string>();
    for (const id of owned) this.alive(id);
    if (owned.size >= this.options.maxPerPrincipal) this.giveWay(owned);
    if (this.tasks.size >= this.options.maxTasks) this.sweep();
    if (this.tasks.size >= this.options.maxTasks) throw new TaskLimitError(this.options.maxTasks, 'server');
    const record = newTaskRecord(task);
    this.tasks.set(record.id, { record, expiresAt: record.createdAt + record.ttlMs, bytes: 0 });
    this.owners.set(task.owner, owned.add(record.id));
    return structuredClone(record);
  }

  async get(id: string, owner: string): Promise<TaskRecord | undefined> {
    const held = this.owned(id, owner);
    return held && structuredClone(held.record);
  }

  async list(owner: string, cursor?: string): Promise<TaskPage> {
    const listed = [...(this.owners.get(owner) ?? [])].flatMap((id) => {
      const held = this.alive(id);
      return held ? [{ id, expiresAt: held.expiresAt }] : [];
    });
    const { ids, nextCursor } = pageOf(listed, cursor, this.options.pageSize);
    return { tasks: ids.map((id) => structuredClone(this.tasks.get(id)!.record)), nextCursor };
  }

  async update(id: string, owner: string, progress: TaskProgress): Promise<TaskRecord | undefined> {
    return this.change(id, owner, { ...progress, lastUpdatedAt: Date.now() });
  }

  async settle(id: string, owner: string, outcome: TaskOutcome): Promise<TaskRecord | undefined> {
    const held = this.owned(id, owner);
    if (!held || isTerminal(held.record)) return this.change(id, owner, {});
    const fields = settledFields(outcome, this.options.maxResultBytes);
    const bytes = outcomeBytes(outcome);
    this.makeRoom(bytes, id);
    held.bytes = bytes;
    this.count(owner, bytes);
    return this.change(id, owner, fields);
  }

  async askInput(id: string, owner: string, requests: Record<string, unknown>): Promise<TaskRecord | undefined> {
    const held = this.owned(id, owner);
    const inputRequests = { ...held?.record.inputRequests, ...requests };
    return this.change(id, owner, { status: 'input_required', inputRequests, lastUpdatedAt: Date.now() });
  }

  async answerInput(id: string, owner: string, responses: Record<string, unknown>): Promise<TaskRecord | undefined> {
    const held = this.owned(id, owner);
    if (!held) return undefined;
    const open = { ...held.record.inputRequests };
    const answered = { ...held.record.inputResponses };
    for (const [key, response] of Object.entries(responses)) {
      if (!Object.hasOwn(open, key)) continue;
      delete open[key];
      answered[key] = response;
    }
    const status = Object.keys(open).length === 0 ? 'working' : held.record.status;
    return this.change(id, owner, { status, inputRequests: open, inputResponses: answered, lastUpdatedAt: Date.now() });
  }

  async takeAnswers(id: string, owner: string): Promise<Record<string, unknown>> {
    const held = this.owned(id, owner);
    const answers = held?.record.inputResponses ?? {};
    if (held) held.record.inputResponses = {};
    return structuredClone(answers);
  }

  async requestCancel(id: string, owner: string): Promise<TaskRecord | undefined> {
    return this.change(id, owner, { cancelRequested: true });
  }

  async delete(id: string, owner: string): Promise<void> {
    if (this.owned(id, owner)) this.drop(id);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  /** Changes a running task (a settled one stays as it is); the task as it now is. */
  private change(id: string, owner: string, fields: Partial<TaskRecord>): TaskRecord | undefined {
    const held = this.owned(id, owner);
    if (!held) return undefined;
    if (!isTerminal(held.record)) held.record = structuredClone({ ...held.record, ...fields });
    return structuredClone(held.record);
  }

  private owned(id: string, owner: string): Held | undefined {
    const held = this.alive(id);
    return held?.record.owner === owner ? held : undefined;
  }

  /** The task unless it expired (then dropped). */
  private alive(id: string): Held | undefined {
    const held = this.tasks.get(id);
    if (!held || held.expiresAt > Date.now()) return held;
    this.drop(id);
    return undefined;
  }

  private sweep(): void {
    // Deleting the entry being visited is safe in a Map iteration.
    for (const id of this.tasks.keys()) this.alive(id);
  }

  /** At its bound, the owner's oldest settled task gives way; with all of them running, the new one is refused. */
  private giveWay(owned: Set<string>): void {
    const oldest = [...owned]
      .map((id) => this.tasks.get(id)!.record)
      .filter(isTerminal)
      .sort((a, b) => a.createdAt - b.createdAt)[0];
    if (!oldest) throw new TaskLimitError(this.options.maxPerPrincipal, 'principal');
    this.drop(oldest.id);
  }

  /** Makes room for `bytes` more under `maxBytes`: the biggest holder gives up its oldest settled task. */
  private makeRoom(bytes: number, settling: string): void {
    const max = this.options.maxBytes ?? Infinity;
    while (this.heldBytes + bytes > max) {
      const biggest = [...this.bytesOf].reduce((a, b) => (b[1] > a[1] ? b : a), ['', 0])[0];
      const oldest = [...(this.owners.get(biggest) ?? [])]
        .map((id) => this.tasks.get(id)!)
        .filter((held) => held.bytes > 0 && held.record.id !== settling)
        .sort((a, b) => a.record.createdAt - b.record.createdAt)[0];
      if (!oldest) throw new TaskResultTooLargeError(bytes, max - this.heldBytes);
      this.drop(oldest.record.id);
    }
  }

  private count(owner: string, bytes: number): void {
    this.heldBytes += bytes;
    const total = (this.bytesOf.get(owner) ?? 0) + bytes;
    if (total > 0) this.bytesOf.set(owner, total);
    else this.bytesOf.delete(owner);
  }

  private drop(id: string): void {
    const held = this.tasks.get(id);
    const owner = held?.record.owner;
    this.tasks.delete(id);
    if (owner === undefined) return;
    if (held!.bytes > 0) this.count(owner, -held!.bytes);
    const owned = this.owners.get(owner);
    owned?.delete(id);
    if (owned?.size === 0) this.owners.delete(owner);
  }
}

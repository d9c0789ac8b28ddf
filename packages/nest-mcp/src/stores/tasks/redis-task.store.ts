import type { Redis } from 'ioredis';
import { orUnavailable } from '../store-unavailable.error.js';
import { ANSWER, ASK, CHANGE, CREATE, DELETE, TAKE, type TaskScripts } from './redis-task.scripts.js';
import { newTaskRecord, pageOf, settledFields, type TaskStoreLimits } from './task-records.js';
import { TaskLimitError } from './task-store.errors.js';
import type { NewTask, TaskOutcome, TaskPage, TaskProgress, TaskRecord, TaskStore } from './task.store.js';

/**
 * Tasks as Redis hashes that expire (PX) `ttlMs` after their creation, any
 * instance answering for any task; each owner's tasks are bounded across
 * instances, and so are all tasks (`create`, atomic). (The scripts name keys built from the owner:
 * a single Redis, or a primary with replicas; not Redis Cluster.)
 */
export class RedisTaskStore implements TaskStore {
  private readonly scripts: TaskScripts;

  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
    private readonly limits: TaskStoreLimits,
  ) {
    redis.defineCommand('mcpTaskCreate', { numberOfKeys: 3, lua: CREATE });
    redis.defineCommand('mcpTaskChange', { numberOfKeys: 1, lua: CHANGE });
    redis.defineCommand('mcpTaskDelete', { numberOfKeys: 3, lua: DELETE });
    redis.defineCommand('mcpTaskAsk', { numberOfKeys: 1, lua: ASK });
    redis.defineCommand('mcpTaskAnswer', { numberOfKeys: 1, lua: ANSWER });
    redis.defineCommand('mcpTaskTake', { numberOfKeys: 1, lua: TAKE });
    this.scripts = redis as unknown as TaskScripts;
  }

  async create(task: NewTask): Promise<TaskRecord> {
    const record = newTaskRecord(task);
    const created = await orUnavailable('task create', () =>
      this.scripts.mcpTaskCreate(
        this.key(record.id),
        this.ownerKey(record.owner),
        this.allKey(),
        record.createdAt,
        record.createdAt + record.ttlMs,
        record.ttlMs,
        this.limits.maxPerPrincipal,
        record.id,
        this.limits.maxTasks,
        this.key(''),
        ...fieldsOf(record),
      ),
    );
    if (created === 0) throw new TaskLimitError(this.limits.maxPerPrincipal, 'principal');
    if (created !== 1) throw new TaskLimitError(this.limits.maxTasks, 'server');
    return record;
  }

  get(id: string, owner: string): Promise<TaskRecord | undefined> {
    return orUnavailable('task get', async () => {
      const record = recordOf(id, await this.redis.hgetall(this.key(id)));
      return record?.owner === owner ? record : undefined;
    });
  }

  async list(owner: string, cursor?: string): Promise<TaskPage> {
    const listed = await orUnavailable('task list', async () => {
      const [, range] = (await this.redis
        .multi()
        .zremrangebyscore(this.ownerKey(owner), '-inf', String(Date.now()))
        .zrange(this.ownerKey(owner), '0', '-1', 'WITHSCORES')
        .exec())!;
      const flat = range![1] as string[];
      return flat.flatMap((id, i) => (i % 2 ? [] : [{ id, expiresAt: Number(flat[i + 1]) }]));
    });
    const { ids, nextCursor } = pageOf(listed, cursor, this.limits.pageSize);
    const tasks = await orUnavailable('task list', async () => {
      const pipeline = this.redis.pipeline();
      for (const id of ids) pipeline.hgetall(this.key(id));
      const replies = (await pipeline.exec())!;
      return ids.flatMap((id, i) => {
        const record = recordOf(id, replies[i]![1] as Record<string, string>);
        return record?.owner === owner ? [record] : [];
      });
    });
    return { tasks, nextCursor };
  }

  update(id: string, owner: string, progress: TaskProgress): Promise<TaskRecord | undefined> {
    return this.change('task update', id, owner, { ...progress, lastUpdatedAt: Date.now() });
  }

  async settle(id: string, owner: string, outcome: TaskOutcome): Promise<TaskRecord | undefined> {
    return this.change('task settle', id, owner, settledFields(outcome, this.limits.maxResultBytes));
  }

  askInput(id: string, owner: string, requests: Record<string, unknown>): Promise<TaskRecord | undefined> {
    return orUnavailable('task ask', async () =>
      recordOf(id, hashOf(await this.scripts.mcpTaskAsk(this.key(id), owner, Date.now(), ...jsonPairs(requests)))),
    );
  }

  answerInput(id: string, owner: string, responses: Record<string, unknown>): Promise<TaskRecord | undefined> {
    return orUnavailable('task answer', async () =>
      recordOf(id, hashOf(await this.scripts.mcpTaskAnswer(this.key(id), owner, Date.now(), ...jsonPairs(responses)))),
    );
  }

  takeAnswers(id: string, owner: string): Promise<Record<string, unknown>> {
    return orUnavailable('task take answers', async () => {
      const taken = hashOf(await this.scripts.mcpTaskTake(this.key(id), owner));
      return Object.fromEntries(Object.entries(taken).map(([key, json]) => [key, JSON.parse(json)]));
    });
  }

  requestCancel(id: string, owner: string): Promise<TaskRecord | undefined> {
    return this.change('task cancel', id, owner, { cancelRequested: true });
  }

  delete(id: string, owner: string): Promise<void> {
    return orUnavailable('task delete', async () => {
      await this.scripts.mcpTaskDelete(this.key(id), this.ownerKey(owner), this.allKey(), owner, id);
    });
  }

  private change(operation: string, id: string, owner: string, fields: Partial<TaskRecord>) {
    return orUnavailable(operation, async () => {
      return recordOf(id, hashOf(await this.scripts.mcpTaskChange(this.key(id), owner, ...fieldsOf(fields))));
    });
  }

  private key(id: string): string {
    return `${this.prefix}task:${id}`;
  }

  private allKey(): string {
    return `${this.prefix}tasks-all`;
  }

  private ownerKey(owner: string): string {
    return `${this.prefix}tasks-of:${owner}`;
  }
}

/** The fields held as JSON; the others are strings, held as they are (the scripts compare owner and status). */
const JSON_FIELDS = new Set([
  'createdAt',
  'lastUpdatedAt',
  'ttlMs',
  'pollIntervalMs',
  'cancelRequested',
  'result',
  'error',
]);

/** A task's fields as a hash's fields and values (the id is in the key). */
function fieldsOf(record: Partial<TaskRecord>): string[] {
  return Object.entries(record).flatMap(([field, value]) =>
    field === 'id' || value === undefined
      ? []
      : [field, JSON_FIELDS.has(field) ? JSON.stringify(value) : (value as string)],
  );
}

/** A script's flat reply (field, value, ...) as an object. */
function hashOf(reply: unknown): Record<string, string> {
  const flat = reply as string[];
  const hash: Record<string, string> = {};
  for (let i = 0; i < flat.length; i += 2) hash[flat[i]!] = flat[i + 1]!;
  return hash;
}

/** Keys and values as script arguments, the values as JSON. */
const jsonPairs = (entries: Record<string, unknown>): string[] =>
  Object.entries(entries).flatMap(([key, value]) => [key, JSON.stringify(value)]);

/** Where the open questions (`in:<key>`) and the answers not yet taken (`ans:<key>`) go in a record. */
const INPUT_FIELDS = { 'in:': 'inputRequests', 'ans:': 'inputResponses' } as const;

/** The task a hash holds, or undefined for none (missing, expired). */
function recordOf(id: string, hash: Record<string, string>): TaskRecord | undefined {
  if (!hash.owner) return undefined;
  const record: Record<string, unknown> = { id };
  for (const [field, value] of Object.entries(hash)) {
    const prefix = field.startsWith('in:') ? 'in:' : field.startsWith('ans:') ? 'ans:' : undefined;
    if (!prefix) record[field] = JSON_FIELDS.has(field) ? JSON.parse(value) : value;
    else
      ((record[INPUT_FIELDS[prefix]] ??= {}) as Record<string, unknown>)[field.slice(prefix.length)] =
        JSON.parse(value);
  }
  return record as unknown as TaskRecord;
}

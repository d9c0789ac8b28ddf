import { Inject, Injectable } from '@nestjs/common';
import {
  CLIENT_CAPABILITIES_META_KEY,
  SUBSCRIPTION_ID_META_KEY,
  type ClientCapabilities,
} from '@modelcontextprotocol/server';
import { clientErrorOf } from '../errors/client-error.js';
import { McpRefusal } from '../errors/refusals.js';
import { isTerminal } from '../stores/tasks/task-records.js';
import { MCP_TASK_SIGNALS, type TaskSignals } from '../stores/tasks/task-signals.js';
import type { TaskRecord } from '../stores/tasks/task.store.js';
import { linkToTask } from '../observability/tracing/task-link.js';
import { TaskRuntime } from './task-runtime.js';
import { detailedTask } from './task-wire.js';
import { missingTasksCapability, negotiatesTasks } from './tasks-extension.js';

/** Task ids one listen may ask for, and how long an id may be: what a listen holds is bounded. */
const MAX_TASK_IDS = 100;
const MAX_TASK_ID_CHARS = 128;
/** How often the tasks are looked at on their own (a lost signal, a dead instance), and the stream kept alive. */
const LOOK_EVERY_MS = 5_000;
const KEEP_ALIVE_MS = 15_000;

interface ListenMessage {
  id: string | number;
  params?: { notifications?: { taskIds?: unknown }; _meta?: Record<string, unknown> };
}

/**
 * 2026-07-28 `subscriptions/listen` for task status (SEP-2663): a listen
 * naming `notifications.taskIds` is served here. The acknowledgement lists
 * the tasks agreed to (the caller's own; the others are left out, as if they
 * did not exist), each task's state follows at once and then on every change
 * as `notifications/tasks` (the full `DetailedTask`, as `tasks/get` gives
 * it), and the stream ends once every agreed task has ended. Such a listen
 * carries task notifications only; the ack says so (list changes and
 * resource updates need a listen of their own).
 */
@Injectable()
export class TaskListen {
  constructor(
    private readonly runtime: TaskRuntime,
    @Inject(MCP_TASK_SIGNALS) private readonly signals: TaskSignals,
  ) {}

  /** Whether a 2026-07-28 message is a listen for task notifications. */
  static wants(body: unknown): boolean {
    const message = body as ListenMessage & { method?: unknown };
    return message?.method === 'subscriptions/listen' && message.params?.notifications?.taskIds !== undefined;
  }

  async serve(message: ListenMessage, owner: string, signal: AbortSignal): Promise<globalThis.Response> {
    try {
      const ids = taskIdsOf(message);
      const capabilities = message.params?._meta?.[CLIENT_CAPABILITIES_META_KEY] as ClientCapabilities | undefined;
      if (!negotiatesTasks(capabilities)) {
        throw missingTasksCapability('Task notifications need the io.modelcontextprotocol/tasks extension');
      }
      const records = await Promise.all(ids.map((id) => this.runtime.get(id, owner)));
      // The listen's span links to each task's call, however long it stays open.
      records.forEach(linkToTask);
      return this.stream(
        message.id,
        owner,
        records.filter((record) => record !== undefined),
        signal,
      );
    } catch (error) {
      const seen = clientErrorOf(error);
      const body = { code: seen.code, message: seen.message, ...(seen.data !== undefined && { data: seen.data }) };
      return globalThis.Response.json({ jsonrpc: '2.0', id: message.id, error: body }, { status: seen.httpStatus });
    }
  }

  private stream(id: string | number, owner: string, agreed: TaskRecord[], signal: AbortSignal): globalThis.Response {
    const encoder = new TextEncoder();
    const stamp = { [SUBSCRIPTION_ID_META_KEY]: id };
    const lastSent = new Map<string, string>();
    const open = new Set(agreed.map((record) => record.id));
    const cleanups: (() => void)[] = [];
    let closed = false;
    /** Stops everything the stream holds (listeners, timers); safe to call more than once. */
    const stop = () => {
      closed = true;
      for (const cleanup of cleanups.splice(0)) cleanup();
    };
    const body = new ReadableStream<Uint8Array>({
      start: (controller) => {
        const frame = (message: object) => {
          if (!closed) controller.enqueue(encoder.encode(`event: message\ndata: ${JSON.stringify(message)}\n\n`));
        };
        const close = () => {
          if (closed) return;
          frame({ jsonrpc: '2.0', id, result: { resultType: 'complete', _meta: stamp } });
          stop();
          controller.close();
        };
        const send = (record: TaskRecord) => {
          const version = `${record.status}:${record.lastUpdatedAt}:${record.statusMessage ?? ''}`;
          if (lastSent.get(record.id) === version) return;
          lastSent.set(record.id, version);
          frame({ jsonrpc: '2.0', method: 'notifications/tasks', params: { ...detailedTask(record), _meta: stamp } });
          if (isTerminal(record)) open.delete(record.id);
          if (open.size === 0) close();
        };
        const look = async (taskId: string) => {
          const record = await this.runtime.get(taskId, owner).catch(() => undefined);
          if (record && !closed) send(record);
        };
        frame({
          jsonrpc: '2.0',
          method: 'notifications/subscriptions/acknowledged',
          params: { notifications: { taskIds: agreed.map((record) => record.id) }, _meta: stamp },
        });
        if (agreed.length === 0) return close();
        for (const record of agreed) cleanups.push(this.signals.subscribe(record.id, () => void look(record.id)));
        const looker = setInterval(() => open.forEach((taskId) => void look(taskId)), LOOK_EVERY_MS).unref();
        const keepAlive = setInterval(
          () => !closed && controller.enqueue(encoder.encode(': keepalive\n\n')),
          KEEP_ALIVE_MS,
        );
        keepAlive.unref();
        signal.addEventListener('abort', stop, { once: true });
        cleanups.push(
          () => clearInterval(looker),
          () => clearInterval(keepAlive),
          () => signal.removeEventListener('abort', stop),
        );
        for (const record of agreed) send(record);
      },
      cancel: stop,
    });
    return new globalThis.Response(body, {
      headers: { 'content-type': 'text/event-stream', 'cache-control': 'no-cache, no-transform' },
    });
  }
}

/** The listen's task ids, bounded in number and length. */
function taskIdsOf(message: ListenMessage): string[] {
  const ids = message.params?.notifications?.taskIds;
  const valid =
    Array.isArray(ids) &&
    ids.length <= MAX_TASK_IDS &&
    ids.every((id) => typeof id === 'string' && id.length > 0 && id.length <= MAX_TASK_ID_CHARS);
  if (!valid) {
    throw new McpRefusal(
      'invalidParams',
      `Invalid params: notifications.taskIds must be at most ${MAX_TASK_IDS} task ids of at most ${MAX_TASK_ID_CHARS} characters`,
    );
  }
  return [...new Set(ids as string[])];
}

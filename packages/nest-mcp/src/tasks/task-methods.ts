import { ProtocolError, RELATED_TASK_META_KEY, type Server, type ServerContext } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';
import { answered } from '../protocol/handler-failure.js';
import type { McpEra } from '../protocol/mcp-context.js';
import { InvalidTaskCursorError } from '../stores/tasks/task-store.errors.js';
import { isTerminal } from '../stores/tasks/task-records.js';
import type { TaskRecord } from '../stores/tasks/task.store.js';
import { linkToTask } from '../observability/tracing/task-link.js';
import { taskOwnerOf } from './task-owner.js';
import type { TaskRuntime } from './task-runtime.js';
import { detailedTask, legacyTask } from './task-wire.js';
import { missingTasksCapability, negotiatesTasks } from './tasks-extension.js';

const TaskIdParams = z.looseObject({ taskId: z.string() });
const ListParams = z.looseObject({ cursor: z.string().optional() });

/** How long a 2025-era client may take to answer a question relayed by `tasks/result` (a person may answer a form). */
const HUMAN_TIMEOUT_MS = 10 * 60_000;

const notFound = () => new ProtocolError(JsonRpcCode.InvalidParams, 'Failed to retrieve task: Task not found');

/**
 * The tasks methods of each era, over one runtime. 2026-07-28 (SEP-2663):
 * `tasks/get` (the result or error inline), `tasks/update`, `tasks/cancel`
 * (acknowledged, idempotent), each only for a request declaring the
 * extension. 2025-11-25: `tasks/get`, `tasks/result` (waits for the end, and
 * relays the task's questions to the client meanwhile), `tasks/list`,
 * `tasks/cancel`.
 */
export function installTaskMethods(server: Server, era: McpEra, runtime: TaskRuntime): void {
  const owned = async (sdk: ServerContext, taskId: string): Promise<TaskRecord> => {
    const record = await runtime.get(taskId, taskOwnerOf({ sdk }));
    linkToTask(record);
    return record ?? Promise.reject(notFound());
  };
  if (era === 'modern') {
    const declared = () => {
      if (!negotiatesTasks(server.getClientCapabilities())) {
        throw missingTasksCapability('The tasks methods need the io.modelcontextprotocol/tasks extension');
      }
    };
    server.setRequestHandler('tasks/get', { params: TaskIdParams }, (params, sdk) =>
      answered(async () => (declared(), detailedTask(await owned(sdk, params.taskId)))),
    );
    // The SDK lifts `inputResponses` off every 2026-07-28 request (well-formed answers only) into the context.
    server.setRequestHandler('tasks/update', { params: TaskIdParams }, (params, sdk) =>
      answered(async () => {
        declared();
        const responses = sdk.mcpReq.inputResponses ?? {};
        const record = await runtime.answer(params.taskId, taskOwnerOf({ sdk }), responses);
        linkToTask(record);
        if (!record) throw notFound();
        return {};
      }),
    );
    server.setRequestHandler('tasks/cancel', { params: TaskIdParams }, (params, sdk) =>
      answered(async () => {
        declared();
        const record = await runtime.cancel(params.taskId, taskOwnerOf({ sdk }));
        linkToTask(record);
        if (!record) throw notFound();
        return {};
      }),
    );
    return;
  }
  // Custom schemas in this era too: the SDK's types leave the 2025-11-25 tasks methods out.
  server.setRequestHandler('tasks/get', { params: TaskIdParams }, (params, sdk) =>
    answered(async () => legacyTask(await owned(sdk, params.taskId))),
  );
  server.setRequestHandler('tasks/list', { params: ListParams }, (params, sdk) =>
    answered(async () => {
      try {
        const page = await runtime.list(taskOwnerOf({ sdk }), params.cursor);
        return { tasks: page.tasks.map(legacyTask), ...(page.nextCursor && { nextCursor: page.nextCursor }) };
      } catch (error) {
        if (error instanceof InvalidTaskCursorError)
          throw new ProtocolError(JsonRpcCode.InvalidParams, 'Invalid cursor');
        throw error;
      }
    }),
  );
  server.setRequestHandler('tasks/cancel', { params: TaskIdParams }, (params, sdk) =>
    answered(async () => {
      const record = await owned(sdk, params.taskId);
      if (isTerminal(record)) {
        throw new ProtocolError(JsonRpcCode.InvalidParams, `Cannot cancel a task that is ${record.status}`);
      }
      return legacyTask((await runtime.cancel(record.id, record.owner)) ?? record);
    }),
  );
  server.setRequestHandler('tasks/result', { params: TaskIdParams }, (params, sdk) =>
    answered(async () => (await waitForResult(runtime, sdk, params.taskId)) as Record<string, unknown>),
  );
}

/**
 * 2025-11-25 `tasks/result`: waits for the task to end and answers with what
 * the call would have (its result, or its error). Meanwhile the task's
 * questions go to the client on this request's stream, as requests related
 * to the task, and their answers go back to the task.
 */
async function waitForResult(runtime: TaskRuntime, sdk: ServerContext, taskId: string): Promise<unknown> {
  const owner = taskOwnerOf({ sdk });
  const relayed = new Set<string>();
  const related = { [RELATED_TASK_META_KEY]: { taskId } };
  for (let first = true; ; first = false) {
    const record = await runtime.get(taskId, owner);
    if (!record) throw notFound();
    // However long it waits, the wait is linked to the task's call once.
    if (first) linkToTask(record);
    if (record.status === 'completed') {
      const result = record.result ?? { content: [] };
      return { ...result, _meta: { ...(result._meta as object | undefined), ...related } };
    }
    if (record.status === 'failed') {
      const error = record.error ?? { code: JsonRpcCode.InternalError, message: 'Internal error' };
      throw new ProtocolError(error.code, error.message, error.data);
    }
    if (record.status === 'cancelled')
      throw new ProtocolError(JsonRpcCode.InternalError, `Task ${taskId} was cancelled`);
    for (const [key, ask] of Object.entries(record.inputRequests ?? {})) {
      if (relayed.has(key)) continue;
      relayed.add(key);
      const { method, params } = ask as { method: string; params?: Record<string, unknown> };
      sdk.mcpReq
        .send({ method, params: { ...params, _meta: related } } as never, { timeout: HUMAN_TIMEOUT_MS })
        .then((answer) => runtime.answer(taskId, owner, { [key]: answer }))
        // Not asked after all (the request ended, the client failed): a later `tasks/result` asks again.
        .catch(() => relayed.delete(key));
    }
    sdk.mcpReq.signal.throwIfAborted();
    await runtime.changed(taskId, sdk.mcpReq.signal);
  }
}

import { Server, type JSONRPCRequest, type Result, type ServerContext } from '@modelcontextprotocol/server';
import { isTaskCreation } from './task-wire.js';

type Handler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/** Carries a task's creation past the SDK's `tools/call` result check, which knows only `CallToolResult`. */
class TaskCreated {
  constructor(readonly result: Result) {}
}

/**
 * The SDK's `Server`, letting a `tools/call` answer with a task: a
 * `CreateTaskResult` (2026-07-28 `resultType: "task"`, or 2025-11-25's
 * `{ task }`) leaves as it is instead of failing the `CallToolResult` schema.
 * Every other result is checked as before.
 */
export class TaskAwareServer extends Server {
  protected override _wrapHandler(method: string, handler: Handler): Handler {
    if (method !== 'tools/call') return super._wrapHandler(method, handler);
    const checked = super._wrapHandler(method, async (request, ctx) => {
      const result = await handler(request, ctx);
      if (isTaskCreation(result)) throw new TaskCreated(result);
      return result;
    });
    return async (request, ctx) => {
      try {
        return await checked(request, ctx);
      } catch (error) {
        if (error instanceof TaskCreated) return error.result;
        throw error;
      }
    };
  }
}

import type { JSONRPCRequest, Result, ServerContext } from '@modelcontextprotocol/server';
import { TaskAwareServer } from '../tasks/task-aware-server.js';
import { requestOf } from '../protocol/call-site.js';
import type { HandlerObserver } from './handler-observer.js';

type Handler = (request: JSONRPCRequest, ctx: ServerContext) => Promise<Result>;

/**
 * The SDK's `Server` (as `TaskAwareServer`), observed outside its own handler
 * wrapper: what the observer sees returned or thrown is what the SDK answers
 * the client, after the checks it makes on a handler's result.
 */
export class ObservedServer extends TaskAwareServer {
  private observer?: HandlerObserver;

  /** Observes the answers of the handlers set from now on. */
  observedBy(observer: HandlerObserver): this {
    this.observer = observer;
    return this;
  }

  protected override _wrapHandler(method: string, handler: Handler): Handler {
    const answered = super._wrapHandler(method, handler);
    const observer = this.observer;
    if (!observer) return answered;
    return (request, ctx) =>
      observer.answer(method, request.params, requestOf({ sdk: ctx }), () => answered(request, ctx));
  }
}

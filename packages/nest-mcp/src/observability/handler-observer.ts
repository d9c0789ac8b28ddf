import { isInputRequiredResult, ProtocolErrorCode } from '@modelcontextprotocol/server';
import { callerKeyOf } from '../auth/caller-key.js';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';
import type { CallsPerCaller } from '../lifecycle/calls-per-caller.js';
import type { McpLifecycle } from '../lifecycle/mcp-lifecycle.service.js';
import { rethrowAsProtocolError } from '../protocol/handler-failure.js';
import type { Request } from 'express';
import { recordOutcome } from './current-exchange.js';
import { isTaskCreation } from '../tasks/task-wire.js';
import { clip } from '../errors/clip.js';
import type { McpMetrics } from './mcp-metrics.service.js';
import { HandlerSpan, type TracedHandler } from './tracing/handler-span.js';

/** How a handler answered, as logs and metrics name it. */
export function outcomeOf(result: unknown): string {
  if (isInputRequiredResult(result)) return 'input_required';
  if (isTaskCreation(result)) return 'task';
  return (result as { isError?: boolean }).isError ? 'is_error' : 'ok';
}

/** A thrown error as the outcome the client sees: the SDK answers with its code, or InternalError when it has none. */
export function errorOutcomeOf(error: unknown): string {
  const code = (error as { code?: unknown } | null)?.code;
  return `error:${Number.isSafeInteger(code) ? String(code) : JsonRpcCode.InternalError}`;
}

/** An outcome as a metric label: `error:<code>` counts as `error`. */
export function outcomeLabel(outcome: string): string {
  const colon = outcome.indexOf(':');
  return colon < 0 ? outcome : outcome.slice(0, colon);
}

/** The codes a client can get from this package or the SDK: the only values of a `code` label. */
const SENT_CODES = new Set<string>(
  [...Object.values(JsonRpcCode), ...Object.values(ProtocolErrorCode)]
    .filter((code) => typeof code === 'number')
    .map(String),
);

/** An `error:<code>` outcome's code as a metric label (`other` for a code neither we nor the SDK send); undefined for other outcomes. */
export function errorCodeLabel(outcome: string): string | undefined {
  if (!outcome.startsWith('error:')) return undefined;
  const code = outcome.slice('error:'.length);
  return SENT_CODES.has(code) ? code : 'other';
}

/** What a handler's span names: its kind, and the tool's or prompt's name or the resource's URI (when the client sent one). */
const traced = (kind: TracedHandler['kind'], name: unknown): TracedHandler | undefined =>
  // A prompt's name or a resource's URI comes from the client: an attribute, clipped.
  typeof name === 'string' ? { kind, name: clip(name) } : undefined;

/** The requests whose handlers are the app's own (tools, prompts, resources), and the 2025-11-25 wait for a task's end. */
const OBSERVED_METHODS = new Set(['tools/call', 'prompts/get', 'resources/read', 'tasks/result']);

/**
 * Wraps each tool, prompt and resource call: counts it as in flight (for
 * draining, and against its caller's bound), records its outcome on the
 * exchange (for the log line) and, for tools, in the metrics. It wraps the
 * SDK's own handler wrapper (`ObservedServer`), so the outcome is the answer
 * the SDK sends, after its checks (a 2026-07-28 question the client cannot
 * answer leaves as MissingRequiredClientCapability, not as the handler's `input_required`).
 */
export class HandlerObserver {
  constructor(
    private readonly metrics: McpMetrics,
    private readonly lifecycle: McpLifecycle,
    private readonly perCaller: CallsPerCaller,
    /** Whether a tool of this name is registered (else its calls count under `unknown`). */
    private readonly isTool: (name: string) => boolean,
  ) {}

  /** Observes `method`'s answer when its handler is the app's; other methods just run. */
  answer<T>(method: string, params: unknown, req: Request | undefined, run: () => Promise<T>): Promise<T> {
    if (!OBSERVED_METHODS.has(method)) return run();
    // A 2025-11-25 tasks/result waits until its task ends: a call in flight, bounded per caller like one.
    if (method === 'tasks/result') return this.observe(undefined, req, run);
    const { name, uri } = (params ?? {}) as { name?: unknown; uri?: unknown };
    if (method === 'resources/read') return this.observe(undefined, req, run, traced('resource', uri));
    if (method === 'prompts/get') return this.observe(undefined, req, run, traced('prompt', name));
    const tool = typeof name === 'string' && this.isTool(name) ? name : 'unknown';
    return this.observe(tool, req, run, traced('tool', tool));
  }

  async observe<T>(
    tool: string | undefined,
    req: Request | undefined,
    run: () => Promise<T>,
    handler?: TracedHandler,
  ): Promise<T> {
    const span = HandlerSpan.start(handler, tool, req);
    const end = this.lifecycle.begin();
    const started = performance.now();
    let release: (() => void) | undefined;
    let outcome = errorOutcomeOf(undefined);
    try {
      release = req ? this.admit(req) : undefined;
      const result = await (span ? span.run(run) : run());
      outcome = outcomeOf(result);
      return result;
    } catch (error) {
      outcome = errorOutcomeOf(error);
      throw error;
    } finally {
      end();
      release?.();
      recordOutcome(req, outcome);
      span?.end(outcome);
      if (tool) {
        this.metrics.recordTool(tool, outcomeLabel(outcome), (performance.now() - started) / 1000, span?.spanContext);
      }
    }
  }

  /** Counts the call against its caller's bound; past it, the refusal as the JSON-RPC error it is. */
  private admit(req: Request): () => void {
    try {
      return this.perCaller.begin(callerKeyOf(req));
    } catch (error) {
      return rethrowAsProtocolError(error);
    }
  }
}

import {
  context,
  SpanKind,
  SpanStatusCode,
  trace,
  type Context,
  type Span,
  type SpanContext,
} from '@opentelemetry/api';
import type { Request } from 'express';
import { exchangeContextOf } from './exchange-span.js';
import { Attr, errorOfOutcome } from './semconv.js';
import { activeTracer } from './tracer.js';

/** The handler a span is about. */
export interface TracedHandler {
  kind: 'tool' | 'prompt' | 'resource';
  /** The tool's or prompt's name, or the resource's URI. */
  name: string;
}

/**
 * The span of one tool, prompt or resource handler, a child of its exchange's
 * span; the handler runs in its context, so that what it calls (an
 * instrumented fetch or HTTP request) is its child in turn.
 */
export class HandlerSpan {
  private constructor(
    private readonly span: Span,
    private readonly context: Context,
  ) {}

  /** The span of `handler` (by default, of the tool named `tool`); undefined when tracing is off. */
  static start(
    traced: TracedHandler | undefined,
    tool: string | undefined,
    req: Request | undefined,
  ): HandlerSpan | undefined {
    const tracer = activeTracer();
    const handler = tracer && (traced ?? (tool === undefined ? undefined : { kind: 'tool', name: tool }));
    if (!handler) return undefined;
    const parent = exchangeContextOf(req) ?? context.active();
    const span = tracer!.startSpan(
      spanName(handler),
      { kind: SpanKind.INTERNAL, attributes: attributesOf(handler) },
      parent,
    );
    return new HandlerSpan(span, trace.setSpan(parent, span));
  }

  /** The span's ids (for the exemplar of the handler's duration). */
  get spanContext(): SpanContext {
    return this.span.spanContext();
  }

  run<T>(fn: () => Promise<T>): Promise<T> {
    return context.with(this.context, fn);
  }

  /** Ends the span with the handler's outcome, as `HandlerObserver` names it. */
  end(outcome: string): void {
    this.span.setAttribute(Attr.outcome, outcome);
    const error = errorOfOutcome(outcome);
    if (error) {
      this.span.setAttribute(Attr.errorType, error.type);
      if (error.code) this.span.setAttribute(Attr.rpcStatusCode, error.code);
      this.span.setStatus({ code: SpanStatusCode.ERROR });
    }
    this.span.end();
  }
}

/** GenAI's `execute_tool {tool}` for tools; the MCP method and target for the others. */
function spanName(handler: TracedHandler): string {
  if (handler.kind === 'tool') return `execute_tool ${handler.name}`;
  if (handler.kind === 'prompt') return `prompts/get ${handler.name}`;
  // A URI is not a low-cardinality name: it is an attribute.
  return 'resources/read';
}

function attributesOf(handler: TracedHandler): Record<string, string> {
  if (handler.kind === 'tool') {
    return { [Attr.genAiOperation]: 'execute_tool', [Attr.genAiTool]: handler.name, [Attr.mcpMethod]: 'tools/call' };
  }
  if (handler.kind === 'prompt') return { [Attr.genAiPrompt]: handler.name, [Attr.mcpMethod]: 'prompts/get' };
  return { [Attr.mcpResourceUri]: handler.name, [Attr.mcpMethod]: 'resources/read' };
}

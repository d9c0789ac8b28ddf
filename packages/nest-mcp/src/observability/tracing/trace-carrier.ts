import { context, propagation, ROOT_CONTEXT, SpanKind, trace } from '@opentelemetry/api';
import { activeTracer } from './tracer.js';

/** W3C trace context fields (`traceparent`, `tracestate`), as carried between instances. */
export type TraceCarrier = Record<string, string>;

/** The current trace context as a carrier for another instance; undefined when nothing is traced. */
export function currentTraceCarrier(): TraceCarrier | undefined {
  if (!activeTracer()) return undefined;
  const active = context.active();
  if (!trace.getSpanContext(active)) return undefined;
  const carrier: TraceCarrier = {};
  propagation.inject(active, carrier);
  return carrier;
}

/**
 * Runs `fn` in a span that continues the trace `carrier` brought from another
 * instance (a relayed answer): the work it starts joins the sender's trace.
 */
export function continueCarriedTrace<T>(carrier: TraceCarrier | undefined, name: string, fn: () => T): T {
  const tracer = carrier && activeTracer();
  if (!tracer) return fn();
  const parent = propagation.extract(ROOT_CONTEXT, carrier);
  const span = tracer.startSpan(name, { kind: SpanKind.CONSUMER }, parent);
  try {
    return context.with(trace.setSpan(parent, span), fn);
  } finally {
    span.end();
  }
}

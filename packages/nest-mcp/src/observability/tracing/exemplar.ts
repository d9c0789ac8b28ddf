import { isSpanContextValid, TraceFlags, type SpanContext } from '@opentelemetry/api';

/** The labels of an OpenMetrics exemplar: the trace (and span) Grafana follows from a histogram bucket. */
export interface TraceExemplar {
  trace_id: string;
  span_id: string;
}

/** A sampled span's ids as an exemplar; undefined for no span, an invalid one, or one not sampled (its trace is never exported). */
export function exemplarOf(span: SpanContext | undefined): TraceExemplar | undefined {
  if (!span || !isSpanContextValid(span) || (span.traceFlags & TraceFlags.SAMPLED) === 0) return undefined;
  return { trace_id: span.traceId, span_id: span.spanId };
}

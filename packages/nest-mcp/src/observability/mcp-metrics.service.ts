import { Injectable } from '@nestjs/common';
import type { SpanContext } from '@opentelemetry/api';
import {
  collectDefaultMetrics,
  Counter,
  Gauge,
  Histogram,
  Registry,
  type HistogramConfiguration,
  type LabelValues,
} from 'prom-client';
import { exemplarOf } from './tracing/exemplar.js';
import { activeTracer } from './tracing/tracer.js';

export type StreamKind = 'get' | 'listen';
export type PrincipalResource = 'sessions' | 'streams' | 'calls' | 'tasks';

const SECONDS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

/** The app's Prometheus instruments, on a registry of its own (so apps in one process never clash). */
@Injectable()
export class McpMetrics {
  readonly registry = new Registry();
  /**
   * Whether the latency histograms keep exemplars (the span of an observation,
   * rendered in OpenMetrics scrapes): when an OpenTelemetry SDK is registered
   * as the app is built, as it must be for instrumentation anyway. Off, the
   * histograms are plain ones and an observation costs what it did.
   */
  private readonly exemplars = activeTracer() !== undefined;
  readonly requests = new Counter({
    name: 'mcp_requests_total',
    help: 'MCP HTTP exchanges by JSON-RPC method, protocol era and outcome (a JSON-RPC error with its code)',
    labelNames: ['method', 'era', 'outcome', 'code'] as const,
    registers: [this.registry],
  });
  readonly requestDuration = this.latencyHistogram({
    name: 'mcp_request_duration_seconds',
    help: 'Duration of MCP HTTP exchanges (streams: until they close)',
    labelNames: ['method', 'era'] as const,
    buckets: SECONDS,
  });
  readonly toolCalls = new Counter({
    name: 'mcp_tool_calls_total',
    help: 'Tool calls by tool and outcome',
    labelNames: ['tool', 'outcome'] as const,
    registers: [this.registry],
  });
  readonly toolDuration = this.latencyHistogram({
    name: 'mcp_tool_duration_seconds',
    help: 'Duration of tool calls',
    labelNames: ['tool'] as const,
    buckets: SECONDS,
  });
  readonly activeSessions = new Gauge({
    name: 'mcp_active_sessions',
    help: '2025-era sessions held by this instance (live and parked)',
    registers: [this.registry],
  });
  readonly parkedSessions = new Gauge({
    name: 'mcp_parked_sessions',
    help: '2025-era sessions idle past the park delay: record kept, SDK objects dropped until their next request',
    registers: [this.registry],
  });
  /** What the in-memory event store holds; set by whoever owns the store. */
  eventStoreSize?: () => number;
  readonly eventStoreBytes = new Gauge({
    name: 'mcp_event_store_bytes',
    help: 'JSON text held by the in-memory resumability store (2025-era streams), in characters',
    registers: [this.registry],
    collect: () => {
      if (this.eventStoreSize) this.eventStoreBytes.set(this.eventStoreSize());
    },
  });
  /** Streams open on this instance, by kind; reported by whoever admits them. */
  openStreams?: () => Record<StreamKind, number>;
  readonly openStreamsGauge = new Gauge({
    name: 'mcp_open_streams',
    help: 'Long-lived streams open on this instance: 2025-era GET streams (get), 2026-07-28 subscriptions/listen (listen)',
    labelNames: ['kind'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [kind, count] of Object.entries(this.openStreams?.() ?? {}))
        this.openStreamsGauge.set({ kind }, count);
    },
  });
  /** Tasks running on this instance, by status; reported by the task runtime. */
  runningTasks?: () => Record<string, number>;
  readonly tasksGauge = new Gauge({
    name: 'mcp_tasks_running',
    help: 'Tasks running on this instance, by status (working, input_required)',
    labelNames: ['status'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [status, count] of Object.entries(this.runningTasks?.() ?? {})) this.tasksGauge.set({ status }, count);
    },
  });
  /** The most any one principal holds of each bounded thing, by resource; each owner adds its own. */
  readonly principalMaxima = new Map<PrincipalResource, () => number>();
  readonly principalMaxGauge = new Gauge({
    name: 'mcp_principal_max',
    help: 'The most any one principal holds on this instance, by resource (sessions, streams, calls, tasks): how close the busiest caller is to its bound',
    labelNames: ['resource'] as const,
    registers: [this.registry],
    collect: () => {
      for (const [resource, most] of this.principalMaxima) this.principalMaxGauge.set({ resource }, most());
    },
  });
  readonly storeDuration = new Histogram({
    name: 'mcp_store_duration_seconds',
    help: 'Duration of shared-store (Redis) commands, by store and operation',
    labelNames: ['store', 'operation'] as const,
    buckets: SECONDS,
    registers: [this.registry],
  });
  readonly storeErrors = new Counter({
    name: 'mcp_store_errors_total',
    help: 'Shared-store (Redis) commands that failed (an error, a timeout, no connection), by store and operation',
    labelNames: ['store', 'operation'] as const,
    registers: [this.registry],
  });
  readonly throttled = new Counter({
    name: 'mcp_throttled_requests_total',
    help: 'Requests refused by rate limits, by scope (endpoint or tool)',
    labelNames: ['scope'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry });
  }

  /** One exchange's duration, linked to its span (`span`) when tracing. */
  recordRequest(labels: { method: string; era: string }, seconds: number, span?: SpanContext): void {
    this.observe(this.requestDuration, labels, seconds, span);
  }

  /** One tool call's outcome and duration, linked to the tool's span (`span`) when tracing. */
  recordTool(tool: string, outcome: string, seconds: number, span?: SpanContext): void {
    this.toolCalls.inc({ tool, outcome });
    this.observe(this.toolDuration, { tool }, seconds, span);
  }

  private observe<T extends string>(
    histogram: Histogram<T>,
    labels: LabelValues<T>,
    value: number,
    span: SpanContext | undefined,
  ): void {
    if (!this.exemplars) return histogram.observe(labels, value);
    // prom-client types exemplar labels as the histogram's own; they are not.
    histogram.observe({ labels, value, exemplarLabels: exemplarOf(span) as LabelValues<T> | undefined });
  }

  /**
   * A histogram on the registry, with a slot per bucket for an exemplar when
   * tracing. Registered by hand: prom-client refuses exemplars on a
   * Prometheus-text registry, whose text merely leaves them out (OpenMetrics
   * scrapes show them, `open-metrics.ts`).
   */
  private latencyHistogram<T extends string>(config: HistogramConfiguration<T>): Histogram<T> {
    const histogram = new Histogram({ ...config, enableExemplars: this.exemplars, registers: [] });
    this.registry.registerMetric(histogram);
    return histogram;
  }
}

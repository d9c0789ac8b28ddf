import { propagation, ROOT_CONTEXT, trace } from '@opentelemetry/api';
import type { TaskRecord } from '../../stores/tasks/task.store.js';
import { activeTracer } from './tracer.js';

/**
 * Links the active span (the exchange of a request about a task: a poll, an
 * answer, a cancellation, a wait for the result) to the call that created the
 * task. A link, not a parent: the request is in its own client's trace.
 */
export function linkToTask(record: Pick<TaskRecord, 'traceparent'> | undefined): void {
  if (!record?.traceparent || !activeTracer()) return;
  const span = trace.getActiveSpan();
  const created = trace.getSpanContext(propagation.extract(ROOT_CONTEXT, { traceparent: record.traceparent }));
  if (span && created) span.addLink({ context: created });
}

import { trace, type Tracer, type TracerProvider } from '@opentelemetry/api';

const NAME = 'nest-mcp';

let tracer: Tracer | undefined;

/**
 * The framework's tracer once an SDK is registered, else undefined: with no
 * SDK the API is a no-op, and the off path costs one global look-up and no
 * allocation (no span objects, no contexts). Once on, it stays on.
 */
export function activeTracer(): Tracer | undefined {
  if (tracer) return tracer;
  const provider = trace.getTracerProvider() as TracerProvider & { getDelegateTracer?: (name: string) => unknown };
  // The global provider is a proxy: it has a delegate only once an SDK registered one.
  if (provider.getDelegateTracer && provider.getDelegateTracer(NAME) === undefined) return undefined;
  tracer = trace.getTracer(NAME);
  return tracer;
}

// OpenTelemetry traces, on when a standard OTEL_* variable asks for them: the framework's spans (one
// per MCP exchange, one per tool, prompt and resource handler) and the HTTP/fetch calls tools make,
// exported over OTLP. Loaded first (src/main.ts) so that the HTTP modules are instrumented before
// anything uses them; off, the SDK is never loaded (cold start and requests pay nothing).
import { createRequire } from 'node:module';
import type { NodeSDK } from '@opentelemetry/sdk-node';

/** The app's name, as `service.name` when `OTEL_SERVICE_NAME` does not say. */
const SERVICE_NAME = 'nest-mcp-notes';

/** Whether the environment asks for traces: an OTLP endpoint or a traces exporter, unless the SDK is disabled. */
export function tracingWanted(env: NodeJS.ProcessEnv = process.env): boolean {
  if (env.OTEL_SDK_DISABLED?.trim().toLowerCase() === 'true') return false;
  const exporter = env.OTEL_TRACES_EXPORTER?.trim();
  if (exporter) return exporter !== 'none';
  return Boolean(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

let sdk: NodeSDK | undefined;

if (tracingWanted()) {
  // Traces only: metrics are Prometheus' (/metrics), logs are stdout's; either can still be asked for.
  process.env.OTEL_METRICS_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  // Loaded synchronously (and kept out of the bundle): it must patch `http` before Express loads it.
  const load = createRequire(import.meta.url);
  const { NodeSDK } = load('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } = load(
    '@opentelemetry/instrumentation-http',
  ) as typeof import('@opentelemetry/instrumentation-http');
  const { UndiciInstrumentation } = load(
    '@opentelemetry/instrumentation-undici',
  ) as typeof import('@opentelemetry/instrumentation-undici');
  sdk = new NodeSDK({
    serviceName: process.env.OTEL_SERVICE_NAME?.trim() || SERVICE_NAME,
    instrumentations: [
      // Outgoing calls only: the framework's exchange span is the server span of an MCP request
      // (continuing the client's traceparent itself), so an HTTP server span beside it would only
      // double the cost; probes and scrapes are not worth a trace each anyway.
      new HttpInstrumentation({ disableIncomingRequestInstrumentation: true }),
      new UndiciInstrumentation(),
    ],
  });
  sdk.start();
}

/** Flushes the spans still buffered and stops the SDK: called once the app has drained (`TracingShutdown`). */
export async function shutdownTracing(): Promise<void> {
  await sdk?.shutdown();
  sdk = undefined;
}

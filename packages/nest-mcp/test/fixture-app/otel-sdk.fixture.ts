// The OpenTelemetry Node SDK as an app starts it (the example app's src/tracing.ts does the same
// behind its OTEL_* switch): exporter, batching and service name from the standard OTEL_* variables,
// HTTP and fetch instrumented. Imported before the app, so that `http` is patched before Express loads it.
import { NodeSDK } from '@opentelemetry/sdk-node';
import { HttpInstrumentation } from '@opentelemetry/instrumentation-http';
import { UndiciInstrumentation } from '@opentelemetry/instrumentation-undici';

process.env.OTEL_METRICS_EXPORTER ??= 'none';
process.env.OTEL_LOGS_EXPORTER ??= 'none';
export const otelSdk = new NodeSDK({ instrumentations: [new HttpInstrumentation(), new UndiciInstrumentation()] });
otelSdk.start();

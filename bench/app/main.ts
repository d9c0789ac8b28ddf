import 'reflect-metadata';
import 'nest-mcp/zod-acyclic';
// OpenTelemetry as the app starts it (on only when OTEL_* asks): the tracing group measures both.
import '../../src/tracing.js';
import { runMcpApp } from 'nest-mcp';
import { BenchModule } from './bench.module.js';

/** Boots the benchmark server exactly as `src/main.ts` boots the app. */
const app = await runMcpApp(BenchModule);
const address = app?.getHttpServer().address() as { port: number } | undefined;
if (address) console.log(`bench app listening on port ${address.port}`);

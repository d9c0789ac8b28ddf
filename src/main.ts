import 'reflect-metadata';
// First, before anything imports the MCP SDK: zod's cycle tracking off (12% of the throughput).
import 'nest-mcp/zod-acyclic';
// Next, before Express loads `http`: OpenTelemetry, when OTEL_* asks for it.
import './tracing.js';
import { runMcpApp } from 'nest-mcp';
import { AppModule } from './app.module.js';

await runMcpApp(AppModule);

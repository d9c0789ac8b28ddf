import 'reflect-metadata';
import '../../src/zod-acyclic.js';
import { Module } from '@nestjs/common';
import { McpEnvModule, mcpModuleFromEnv, runMcpApp } from '../../src/index.js';
import { TaskE2eTools } from '../fixtures/tasks.module.js';

/** A service of task tools, configured by env (`REDIS_URL`, `MCP_SHUTDOWN_GRACE_MS`...), for process-level task specs. */
@Module({
  imports: [McpEnvModule, mcpModuleFromEnv({ name: 'nest-mcp-tasks-fixture', version: '0.0.0' })],
  providers: [TaskE2eTools],
})
class TasksAppModule {}

await runMcpApp(TasksAppModule);

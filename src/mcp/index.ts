export * from './decorators/index.js';
export { McpModule, DEFAULT_MCP_PATH } from './mcp.module.js';
export { MCP_MODULE_OPTIONS } from './mcp.module-definition.js';
export type { McpModuleOptions, LegacyMode } from './mcp-options.interface.js';
export { McpRegistry } from './registry/mcp.registry.js';
export type {
  ToolSpec,
  ResourceSpec,
  ResourceTemplateSpec,
  PromptSpec,
} from './registry/registry.types.js';
export {
  McpContext,
  type McpEra,
  type ElicitFormParams,
} from './protocol/mcp-context.js';
export { McpExecutionContext } from './protocol/mcp-execution-context.js';
export { ToolError } from './protocol/handler-errors.js';
export * from './errors/declaration.errors.js';
export { McpNotRegisteredError } from './errors/not-found.errors.js';
export { InMemoryEventStore } from './transport/in-memory-event-store.js';
export { MCP_CONTEXT_TYPE } from './mcp.constants.js';
export { ResourceNotFoundError } from '@modelcontextprotocol/server';
export { createMcpApplication } from './mcp-application.js';

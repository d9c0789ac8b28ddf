export * from './decorators/index.js';
export { McpModule, DEFAULT_MCP_PATH } from './mcp.module.js';
export { MCP_MODULE_OPTIONS, type McpModuleExtras } from './mcp.module-definition.js';
export { MCP_OPTIONS } from './options/mcp-options.token.js';
export { MCP_DEFAULTS } from './options/mcp-defaults.js';
export type { ResolvedMcpOptions } from './options/mcp-options.schema.js';
export { resolveMcpOptions, InvalidMcpOptionsError } from './options/resolve-options.js';
export { McpRouteConflictError } from './registration/route-conflicts.js';
export type { McpModuleOptions, LegacyMode } from './mcp-options.interface.js';
export { McpRegistry } from './registry/mcp.registry.js';
export type { ToolSpec, ResourceSpec, ResourceTemplateSpec, PromptSpec } from './registry/registry.types.js';
export { McpContext, type McpEra, type ElicitFormParams, type AskOptions } from './protocol/mcp-context.js';
export { McpExecutionContext } from './protocol/mcp-execution-context.js';
export { ToolError } from './protocol/handler-errors.js';
export * from './errors/declaration.errors.js';
export { McpNotRegisteredError } from './errors/not-found.errors.js';
export { JsonRpcCode } from './errors/json-rpc-codes.js';
export { MCP_CONTEXT_TYPE } from './mcp.constants.js';
export { ResourceNotFoundError } from '@modelcontextprotocol/server';
export { createMcpApplication } from './mcp-application.js';
export type { McpAuthOptions, ApiKeyEntry } from './auth/auth-options.interface.js';
export type { McpPrincipal } from './auth/principal.js';
export { parseApiKeys } from './auth/api-key-verifier.js';
export { McpAuthService } from './auth/mcp-auth.service.js';
export { Roles, RolesGuard } from './auth/roles.guard.js';
export type { InputAsk } from './protocol/mcp-context.js';
export { McpLifecycle } from './lifecycle/mcp-lifecycle.service.js';
export { McpMetrics } from './observability/mcp-metrics.service.js';
export { McpJsonLogger } from './observability/json-logger.js';
export { ReadinessChecks, type ReadinessCheck } from './observability/readiness-checks.service.js';
export { McpThrottlerGuard } from './throttling/mcp-throttler.guard.js';
// Running as a service configured by the environment (DESIGN.md's config contract).
export { envSchema, type Env } from './env/env.schema.js';
export { loadEnv, InvalidEnvironmentError } from './env/load-env.js';
export { loadDotEnvFile } from './env/dot-env.js';
export { McpEnvModule, MCP_ENV } from './env/config.module.js';
export { mcpModuleFromEnv } from './env/mcp-module-from-env.js';
export { mcpOptionsFromEnv, resourceUrlOf } from './env/mcp-options.factory.js';
export { runMcpApp } from './service/run-app.js';
// Stores: an interface and a token each, with their in-memory defaults (Redis with `redis`; yours with `stores`).
export type { McpStores, StoreProvider } from './stores/mcp-stores.js';
export { StoreUnavailableError } from './stores/store-unavailable.error.js';
export { MCP_SESSION_STORE, type SessionStore, type SessionRecord } from './stores/sessions/session.store.js';
export { InMemorySessionStore } from './stores/sessions/in-memory-session.store.js';
export { MCP_EVENT_STORE, type McpEventStore } from './stores/events/event.store.js';
export { InMemoryEventStore, type InMemoryEventStoreOptions } from './stores/events/in-memory-event.store.js';
export {
  MCP_TASK_STORE,
  type TaskStore,
  type TaskRecord,
  type TaskStatus,
  type TaskOutcome,
  type TaskError,
  type TaskPage,
  type TaskProgress,
  type NewTask,
} from './stores/tasks/task.store.js';
export { TaskLimitError, TaskResultTooLargeError, InvalidTaskCursorError } from './stores/tasks/task-store.errors.js';
export { InMemoryTaskStore, type InMemoryTaskStoreOptions } from './stores/tasks/in-memory-task.store.js';
export { MCP_TASK_SIGNALS, InMemoryTaskSignals, type TaskSignals } from './stores/tasks/task-signals.js';
export { MCP_INSTANCE_LIVENESS, type InstanceLiveness } from './stores/tasks/instance-liveness.js';
export { TASKS_EXTENSION_ID, type TaskSupport } from './tasks/tasks-extension.js';
export { MCP_THROTTLER_STORAGE, type McpThrottlerStorage } from './stores/throttling/throttler.storage.js';
export { InMemoryThrottlerStorage } from './stores/throttling/in-memory-throttler.storage.js';
export { MCP_NOTIFICATION_BUS, type McpNotificationBus } from './stores/notifications/notification.bus.js';
export {
  MCP_REQUEST_STATE_KEY_STORE,
  type RequestStateKeyStore,
} from './stores/request-state/request-state-key.store.js';
export { InMemoryRequestStateKeyStore } from './stores/request-state/in-memory-request-state-key.store.js';
// The OAuth bridge's state (clients, codes, tokens, consents, keys), in memory or Redis like the other stores.
export {
  MCP_OIDC_ADAPTER,
  AlreadyConsumedError,
  type OidcAdapter,
  type OidcAdapterClass,
  type OidcPayload,
} from './stores/oauth/oidc-adapter.js';
export {
  MCP_BRIDGE_KEY_STORE,
  type BridgeKeyStore,
  type SigningKeyAlgorithm,
} from './stores/oauth/bridge-key.store.js';
export { MCP_REGISTRATION_BUDGET, type RegistrationBudget } from './stores/oauth/registration-budget.js';
// The OAuth bridge (on when `oauthBridge` names an upstream IdP).
export type { McpOAuthBridgeOptions, McpOAuthUpstreamOptions } from './oauth-bridge/oauth-bridge-options.js';
export { UpstreamTokenUnavailableError } from './oauth-bridge/upstream/upstream-token-access.js';

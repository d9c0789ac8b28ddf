/** The command connection to Redis, or `null` when `REDIS_URL` is unset (one process, in memory). */
export const MCP_REDIS = Symbol('MCP_REDIS');
/** The shared 2025-era session records, or `null` in memory mode. */
export const MCP_SESSION_STORE = Symbol('MCP_SESSION_STORE');
/** The resumability event store (in memory or Redis). */
export const MCP_EVENT_STORE = Symbol('MCP_EVENT_STORE');
/** The change-event bus behind list_changed / resources/updated (in memory or Redis pub/sub). */
export const MCP_EVENT_BUS = Symbol('MCP_EVENT_BUS');
/** The codec that signs multi-round-trip `requestState` (one key for every instance). */
export const MCP_REQUEST_STATE_CODEC = Symbol('MCP_REQUEST_STATE_CODEC');

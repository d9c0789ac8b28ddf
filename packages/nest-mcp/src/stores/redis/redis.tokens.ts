/** The command connection to Redis, or `null` when `redis` is not configured (the stores stay in memory). */
export const MCP_REDIS = Symbol('MCP_REDIS');

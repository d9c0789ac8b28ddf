import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';

/** The bridge's options with their defaults (see `McpOAuthBridgeOptions`). */
export type ResolvedOAuthBridgeOptions = NonNullable<ResolvedMcpOptions['oauthBridge']>;

/** Metadata keys written by the decorators and read by the explorer. */
export const MCP_TOOL_METADATA = 'mcp:tool';
export const MCP_RESOURCE_METADATA = 'mcp:resource';
export const MCP_RESOURCE_TEMPLATE_METADATA = 'mcp:resource-template';
export const MCP_PROMPT_METADATA = 'mcp:prompt';
/** Parameter layout of a wrapped handler, read by `ExternalContextCreator`. */
export const MCP_PARAM_ARGS_METADATA = 'mcp:param-args';

/** The `ExecutionContext.getType()` that guards and interceptors see for MCP calls. */
export const MCP_CONTEXT_TYPE = 'mcp';

/** Names accepted by the spec for tools and prompts. */
export const MCP_NAME_PATTERN = /^[A-Za-z0-9_.-]{1,128}$/;
export const MCP_SCOPES_METADATA = 'mcp:scopes';
export const MCP_ROLES_METADATA = 'mcp:roles';

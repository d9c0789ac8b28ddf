/** The resolved options (`ResolvedMcpOptions`) of a registration: what every provider of it reads. */
export const MCP_OPTIONS = Symbol('MCP_OPTIONS');

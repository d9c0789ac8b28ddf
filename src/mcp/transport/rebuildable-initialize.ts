import type { JSONRPCRequest } from '@modelcontextprotocol/server';

interface InitializeParams {
  protocolVersion?: unknown;
  capabilities?: unknown;
  clientInfo?: { name?: unknown; version?: unknown; title?: unknown };
}

/**
 * The part of a session's `initialize` that rebuilding the session needs (the
 * revision, the client's capabilities, its name and version), and nothing a
 * client may have padded it with (`_meta`, unknown params, icons): the record
 * is kept, and shared through Redis, for the session's whole life.
 */
export function rebuildableInitialize(initialize: JSONRPCRequest): JSONRPCRequest {
  const { protocolVersion, capabilities, clientInfo } = (initialize.params ?? {}) as InitializeParams;
  return {
    jsonrpc: '2.0',
    id: initialize.id,
    method: 'initialize',
    params: {
      protocolVersion,
      capabilities,
      clientInfo: {
        name: clientInfo?.name,
        version: clientInfo?.version,
        ...(clientInfo?.title !== undefined && { title: clientInfo.title }),
      },
    },
  };
}

import { randomUUID } from 'node:crypto';
import type { JSONRPCRequest } from '@modelcontextprotocol/server';
import type { Request } from 'express';
import { callerKeyOf } from '../auth/caller-key.js';
import type { AuthenticatedRequest } from '../auth/mcp-auth.service.js';
import { bodyBytesOf } from './mcp-body-reader.js';
import type { SessionRecord } from '../stores/sessions/session.store.js';

interface InitializeParams {
  protocolVersion?: unknown;
  capabilities?: unknown;
  clientInfo?: { name?: unknown; version?: unknown; title?: unknown };
}

/** How big an `initialize` may be, and how much of it a session may keep. */
export interface RecordLimits {
  maxInitializeBytes: number;
  maxRecordBytes: number;
}

/**
 * The record of a session an `initialize` opens, or why it is refused (413).
 * A session keeps its `initialize` for as long as it lives (to rebuild it),
 * so both the request and what is kept of it are bounded up front.
 */
export function newSessionRecord(req: Request, limits: RecordLimits): SessionRecord | { refusal: string } {
  if (bodyBytesOf(req) > limits.maxInitializeBytes) {
    return { refusal: `initialize exceeds ${limits.maxInitializeBytes} bytes` };
  }
  const initialize = rebuildableInitialize(req.body as JSONRPCRequest);
  if (JSON.stringify(initialize).length > limits.maxRecordBytes) {
    return {
      refusal: `initialize: capabilities and client info exceed ${limits.maxRecordBytes} bytes (a session keeps them)`,
    };
  }
  const user = (req as AuthenticatedRequest).user;
  return {
    id: randomUUID(),
    owner: user?.subject,
    tenant: callerKeyOf(req as AuthenticatedRequest),
    initialize,
    subscriptions: [],
  };
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

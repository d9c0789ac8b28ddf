import { createHash } from 'node:crypto';
import type { ServerContext } from '@modelcontextprotocol/server';
import { callerKey } from '../auth/caller-key.js';
import { principalOf } from '../auth/principal-of.js';
import { canonicalJson } from './canonical-json.js';
import { expressRequestOf } from './request-scope.js';

/**
 * What a 2026-07-28 handler carries between input rounds, signed by the codec
 * (signed, not encrypted: the client can read it).
 */
export interface CarriedState {
  /** The answers so far. */
  answers: Record<string, unknown>;
  /** The keys of the input requests this round asked: the only answers the next round takes. */
  asked: string[];
}

/** The request a round belongs to: what it targets (tool or prompt name, resource URI), with which arguments. */
export interface RoundRequest {
  target: string;
  arguments?: unknown;
}

/**
 * What a `requestState` is bound to: the caller (subject, else client IP),
 * the method, the target and a hash of the arguments. A state is good only
 * for the request it was issued for; the codec keeps this as an HMAC tag.
 */
export function stateBinding(sdk: ServerContext, request: RoundRequest): string {
  const caller = callerKey(principalOf(sdk.http?.authInfo), expressRequestOf(sdk.http?.req)?.ip);
  const args = createHash('sha256')
    .update(canonicalJson(request.arguments ?? {}))
    .digest('base64url');
  return JSON.stringify([caller, sdk.mcpReq.method, request.target, args]);
}

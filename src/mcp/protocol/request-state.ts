import { randomBytes } from 'node:crypto';
import { createRequestStateCodec, type RequestStateCodec } from '@modelcontextprotocol/server';

/** What a 2026-07-28 tool carries between input rounds: the answers so far. */
export interface CarriedState {
  answers: Record<string, unknown>;
}

/**
 * Signs `requestState` so a client cannot forge earlier answers. The key is
 * per process unless given; instances behind one balancer must share it.
 */
export function createStateCodec(key?: string): RequestStateCodec<CarriedState> {
  return createRequestStateCodec<CarriedState>({
    key: key ?? randomBytes(32),
    ttlSeconds: 600,
  });
}

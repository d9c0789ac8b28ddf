import { createRequestStateCodec, type RequestStateCodec, type ServerContext } from '@modelcontextprotocol/server';
import type { CarriedState } from './request-state.js';

const BINDING = Symbol('mcp.requestStateBinding');
type BoundContext = ServerContext & { [BINDING]?: string };

/** The SDK context, carrying what a state minted or verified under it is bound to (see `stateBinding`). */
export const boundTo = (sdk: ServerContext, binding: string): BoundContext => ({ ...sdk, [BINDING]: binding });

function bindingOf(ctx: ServerContext): string {
  const binding = (ctx as BoundContext)[BINDING];
  // Fail closed: a state is never minted or accepted unbound.
  if (binding === undefined) throw new TypeError('requestState used without a binding');
  return binding;
}

/** The codec that signs multi-round-trip `requestState` (one key for every instance). */
export const MCP_REQUEST_STATE_CODEC = Symbol('MCP_REQUEST_STATE_CODEC');

export interface RequestStateKeys {
  /** Signs new states; verifies first. */
  key: string | Uint8Array;
  /** Still verifies during a rotation. */
  previousKey?: string;
  ttlMs: number;
}

/**
 * The SDK's HMAC codec, bound through `boundTo`, with a key rotation: it
 * mints with the current key and verifies with the current key, then the
 * previous one. Keys shorter than 32 bytes are refused (by the SDK).
 */
export function createStateCodec({ key, previousKey, ttlMs }: RequestStateKeys): RequestStateCodec<CarriedState> {
  if (!(ttlMs >= 1_000)) throw new RangeError(`requestStateTtlMs must be at least 1000 (got ${ttlMs})`);
  const codec = (secret: string | Uint8Array) =>
    createRequestStateCodec<CarriedState>({ key: secret, ttlSeconds: ttlMs / 1000, bind: bindingOf });
  const current = codec(key);
  if (previousKey === undefined) return current;
  const previous = codec(previousKey);
  return {
    mint: (payload, ctx) => current.mint(payload, ctx),
    verify: (state, ctx) =>
      current.verify(state, ctx).catch((error: unknown) => {
        // Only a state signed by another key may be the previous key's; an expired or mis-bound one stays refused.
        if (!(error instanceof Error && error.message === 'mac')) throw error;
        return previous.verify(state, ctx);
      }),
  };
}

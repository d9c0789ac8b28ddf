/**
 * Where the key that signs 2026-07-28 multi-round `requestState` comes from
 * when `requestStateKey` is not set: every instance must verify what any
 * other signed, so instances behind one balancer need the same key.
 * Defaults: a random key per process, or one shared through Redis when
 * `redis` is set; plug your own with `stores: { requestStateKey: ... }`.
 */
export interface RequestStateKeyStore {
  /**
   * The key, read once at boot: at least 32 bytes of secret randomness, the
   * same on every instance sharing the store, stable across their restarts
   * for as long as a state lives (`requestStateTtlMs`). The first instance to
   * ask creates it (atomically: two instances booting together agree).
   */
  sharedKey(): Promise<string | Uint8Array>;
}

/** Injection token of the `RequestStateKeyStore`. */
export const MCP_REQUEST_STATE_KEY_STORE = Symbol('MCP_REQUEST_STATE_KEY_STORE');

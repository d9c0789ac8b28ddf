/**
 * The Redis keys of the OAuth bridge's state, all under the app's key prefix
 * and `oauth:`, named in one place because the adapter and the registration
 * budget share the set of live clients.
 */
export function oauthKeys(prefix: string) {
  const base = `${prefix}oauth:`;
  return {
    /** One oidc-provider entry (a hash: payload, consumed, its index keys). */
    entry: (model: string, id: string) => `${base}${model}:${id}`,
    /** The entries issued under one grant (a sorted set by expiry), for `revokeByGrantId`. */
    grant: (grantId: string) => `${base}grant:${grantId}`,
    /** A session's id by its uid. */
    sessionUid: (uid: string) => `${base}session-uid:${uid}`,
    /** A device code's id by its user code. */
    userCode: (userCode: string) => `${base}user-code:${userCode}`,
    /** Registered clients alive (a sorted set: client id by expiry). */
    liveClients: `${base}clients`,
    /** Places reserved by `tryRegister` whose client is not stored yet (a sorted set by expiry). */
    pendingRegistrations: `${base}registrations-pending`,
    /** Registrations made from one source address in the current window (a counter). */
    registrationsFrom: (source: string) => `${base}registrations-from:${source}`,
    /** The signing keys, newest first (JSON). */
    signingKeys: `${base}signing-keys`,
    /** Held by the one instance rotating the signing keys. */
    signingKeysLock: `${base}signing-keys:rotating`,
  };
}

export type OAuthKeys = ReturnType<typeof oauthKeys>;

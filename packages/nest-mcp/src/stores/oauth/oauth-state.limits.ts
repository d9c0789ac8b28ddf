import type { SigningKeyAlgorithm } from './bridge-key.store.js';

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/** The bounds of the OAuth bridge's shared state: every entry expires, registrations are bounded. */
export interface OAuthStateLimits {
  /**
   * How long an entry stored without an expiry of its own (a registered
   * client, its registration access token) lives unused: each read renews it.
   */
  unusedEntryTtlMs: number;
  /** In memory only: most entries held (the oldest go first past it); Redis is bounded by its TTLs and `maxmemory`. */
  maxEntriesInMemory: number;
  /** Dynamic Client Registrations one source address may make per `registrationWindowMs`. */
  registrationsPerSource: number;
  registrationWindowMs: number;
  /** Registered clients alive at once (each expires `unusedEntryTtlMs` after its last use). */
  maxRegisteredClients: number;
  /** How long a place reserved by `tryRegister` waits for its client to be stored before it is given back. */
  registrationReservationMs: number;
  /** The algorithm of the bridge's signing keys. */
  signingAlgorithm: SigningKeyAlgorithm;
  /** A signing key signs for this long, then its successor takes over. */
  rotateSigningKeyEveryMs: number;
  /** The longest life of a token the bridge signs: a retired key stays published this long. */
  signedTokenLifetimeMs: number;
}

/** The defaults: clients live 30 days unused, 10 registrations per address per hour, 10,000 clients, daily keys. */
export const DEFAULT_OAUTH_STATE_LIMITS: OAuthStateLimits = {
  unusedEntryTtlMs: 30 * DAY_MS,
  maxEntriesInMemory: 100_000,
  registrationsPerSource: 10,
  registrationWindowMs: HOUR_MS,
  maxRegisteredClients: 10_000,
  registrationReservationMs: 60_000,
  signingAlgorithm: 'ES256',
  rotateSigningKeyEveryMs: DAY_MS,
  signedTokenLifetimeMs: HOUR_MS,
};

/** The limits given, over the defaults. */
export const oauthStateLimits = (limits: Partial<OAuthStateLimits> = {}): OAuthStateLimits => ({
  ...DEFAULT_OAUTH_STATE_LIMITS,
  ...limits,
});

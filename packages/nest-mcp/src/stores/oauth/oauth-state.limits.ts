import { MCP_DEFAULTS } from '../../options/mcp-defaults.js';
import type { ResolvedMcpOptions } from '../../options/mcp-options.schema.js';
import type { SigningKeyAlgorithm } from './bridge-key.store.js';

/**
 * The bounds of the OAuth bridge's state, in the units the stores count in,
 * derived from the bridge's options (`oauthStateLimitsOf`): every entry
 * expires, registrations are bounded.
 */
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

/** How long a place reserved for a registration waits for its client (a registration takes milliseconds). */
const REGISTRATION_RESERVATION_MS = 60_000;
/** Clock skew a verifier allows past a token's `exp`: a retired key stays published this much longer. */
const CLOCK_SKEW_MS = 60_000;

type BridgeOptions = NonNullable<ResolvedMcpOptions['oauthBridge']>;
type LimitOptions = Pick<
  BridgeOptions,
  | 'accessTokenTtlSec'
  | 'registrationTtlSec'
  | 'maxRegistrations'
  | 'maxRegistrationsPerAddress'
  | 'registrationWindowSec'
  | 'signingAlgorithm'
  | 'signingKeyRotationSec'
  | 'maxEntriesInMemory'
>;

/** The limits of the bridge's options (its defaults, `MCP_DEFAULTS.oauthBridge`, while the bridge is off). */
export function oauthStateLimitsOf({ oauthBridge }: Pick<ResolvedMcpOptions, 'oauthBridge'>): OAuthStateLimits {
  const options: LimitOptions = oauthBridge ?? MCP_DEFAULTS.oauthBridge;
  return {
    unusedEntryTtlMs: options.registrationTtlSec * 1000,
    maxEntriesInMemory: options.maxEntriesInMemory,
    registrationsPerSource: options.maxRegistrationsPerAddress,
    registrationWindowMs: options.registrationWindowSec * 1000,
    maxRegisteredClients: options.maxRegistrations,
    registrationReservationMs: REGISTRATION_RESERVATION_MS,
    signingAlgorithm: options.signingAlgorithm,
    rotateSigningKeyEveryMs: options.signingKeyRotationSec * 1000,
    // The bridge's ID tokens live as long as its access tokens (see provider-configuration.ts).
    signedTokenLifetimeMs: options.accessTokenTtlSec * 1000 + CLOCK_SKEW_MS,
  };
}

/** The default limits with some replaced (for tests of the stores themselves). */
export const oauthStateLimits = (limits: Partial<OAuthStateLimits> = {}): OAuthStateLimits => ({
  ...oauthStateLimitsOf({}),
  ...limits,
});

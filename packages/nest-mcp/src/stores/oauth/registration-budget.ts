/**
 * Bounds open Dynamic Client Registration, so that it cannot be used to
 * fill the store: a number of registrations per source address per window
 * (`registrationsPerSource` per `registrationWindowMs`), and of registered
 * clients alive in total (`maxRegisteredClients`). Clients stored by the
 * bridge's oidc-provider adapter of the same kind (in memory, or Redis) are
 * counted as they are stored, and give their place back by themselves when
 * deleted or expired (unused for `unusedEntryTtlMs`).
 */
export interface RegistrationBudget {
  /**
   * Reserves a place for one registration from this address, atomically
   * across instances: false when the address or the total is at its bound
   * (nothing is reserved then). The place turns into the client once it is
   * stored; a reservation never used is given back after `registrationReservationMs`.
   */
  tryRegister(sourceAddress: string): Promise<boolean>;
  /** Gives back a place `tryRegister` reserved whose registration did not happen (refused metadata, say). */
  released(sourceAddress: string): Promise<void>;
}

/** Injection token of the `RegistrationBudget`. */
export const MCP_REGISTRATION_BUDGET = Symbol('MCP_REGISTRATION_BUDGET');

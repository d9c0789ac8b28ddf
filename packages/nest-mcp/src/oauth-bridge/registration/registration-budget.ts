import { MCP_DEFAULTS } from '../../options/mcp-defaults.js';
import type { ResolvedMcpOptions } from '../../options/mcp-options.schema.js';

/**
 * How many clients may register (RFC 7591): open registration must not let
 * anyone fill the store. Asked before each registration; the bound is per
 * source address (in a window) and in total (registrations alive).
 */
export interface OAuthRegistrationBudget {
  /** Counts one registration from `address`, or says why it is refused (nothing counted then). */
  take(address: string): Promise<{ refused?: string }>;
}

/** Injection token of the `OAuthRegistrationBudget`. */
export const MCP_OAUTH_REGISTRATION_BUDGET = Symbol('MCP_OAUTH_REGISTRATION_BUDGET');

/** The bounds a budget enforces (the module's `oauthBridge` options). */
export interface RegistrationBounds {
  /** Registrations alive at once, in all. */
  maxRegistrations: number;
  /** Registrations one address may make per window. */
  maxRegistrationsPerAddress: number;
  /** The window of the per-address count, in ms. */
  registrationWindowMs: number;
  /** How long a registration lives, in ms (after it, it no longer counts). */
  registrationTtlMs: number;
}

export const REGISTRATIONS_EXHAUSTED = 'this server holds as many client registrations as it accepts; try again later';
export const ADDRESS_REGISTRATIONS_EXHAUSTED =
  'too many client registrations from this address; reuse a registration, or try again later';

/** The bounds of the module's options (the defaults while the bridge is off: nothing registers then). */
export function registrationBoundsOf({ oauthBridge }: ResolvedMcpOptions): RegistrationBounds {
  const defaults = MCP_DEFAULTS.oauthBridge;
  const { maxRegistrations, maxRegistrationsPerAddress, registrationTtlSec } = oauthBridge ?? defaults;
  return {
    maxRegistrations,
    maxRegistrationsPerAddress,
    registrationWindowMs: defaults.registrationWindowMs,
    registrationTtlMs: registrationTtlSec * 1000,
  };
}

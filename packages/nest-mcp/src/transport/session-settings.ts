import type { McpModuleOptions } from '../mcp-options.interface.js';
import type { SessionLimits } from './legacy-session.js';
import { DEFAULT_RECORD_LIMITS, type RecordLimits } from './session-record.js';
import { DEFAULT_MAX_SUBSCRIPTION_BYTES } from './subscription-budget.js';

/** Idle time after which a session's SDK objects are dropped (it is rebuilt on its next request). */
const DEFAULT_PARK_MS = 10_000;
export const DEFAULT_MAX_SESSIONS_PER_PRINCIPAL = 100;

/** How 2025-era sessions live and what bounds them, resolved once from the module's options. */
export interface SessionSettings {
  ttlMs: number;
  /** Idle time before a session is parked (the TTL when parking is off). */
  parkAfterMs: number;
  /** How often idle sessions are looked for. */
  sweepEveryMs: number;
  maxSessions: number;
  maxPerCaller: number;
  record: RecordLimits;
  maxSubscriptionBytes: number;
  /** What each session is given. */
  session: SessionLimits;
}

export function sessionSettingsOf(options: McpModuleOptions): SessionSettings {
  const ttlMs = options.sessionTtlMs ?? 30 * 60_000;
  const parkMs = options.sessionParkMs ?? DEFAULT_PARK_MS;
  const parkAfterMs = parkMs === 0 ? ttlMs : Math.min(parkMs, ttlMs);
  return {
    ttlMs,
    parkAfterMs,
    sweepEveryMs: Math.max(250, Math.min(parkAfterMs / 2, ttlMs, 60_000)),
    maxSessions: options.maxSessions ?? 10_000,
    maxPerCaller: options.maxSessionsPerPrincipal ?? DEFAULT_MAX_SESSIONS_PER_PRINCIPAL,
    record: {
      maxInitializeBytes: options.maxInitializeBytes ?? DEFAULT_RECORD_LIMITS.maxInitializeBytes,
      maxRecordBytes: options.maxSessionRecordBytes ?? DEFAULT_RECORD_LIMITS.maxRecordBytes,
    },
    maxSubscriptionBytes: options.maxSubscriptionBytes ?? DEFAULT_MAX_SUBSCRIPTION_BYTES,
    session: {
      streams: { maxQueuedBytes: options.maxQueuedBytes, slowClientTimeoutMs: options.slowClientTimeoutMs },
      endGraceMs: options.sessionEndGraceMs,
    },
  };
}

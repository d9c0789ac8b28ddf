import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import type { SessionLimits } from './legacy-session.js';
import type { RecordLimits } from './session-record.js';

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

export function sessionSettingsOf(options: ResolvedMcpOptions): SessionSettings {
  const { sessionTtlMs: ttlMs, sessionParkMs: parkMs } = options;
  const parkAfterMs = parkMs === 0 ? ttlMs : Math.min(parkMs, ttlMs);
  return {
    ttlMs,
    parkAfterMs,
    sweepEveryMs: Math.max(250, Math.min(parkAfterMs / 2, ttlMs, 60_000)),
    maxSessions: options.maxSessions,
    maxPerCaller: options.maxSessionsPerPrincipal,
    record: { maxInitializeBytes: options.maxInitializeBytes, maxRecordBytes: options.maxSessionRecordBytes },
    maxSubscriptionBytes: options.maxSubscriptionBytes,
    session: {
      streams: { maxQueuedBytes: options.maxQueuedBytes, slowClientTimeoutMs: options.slowClientTimeoutMs },
      endGraceMs: options.sessionEndGraceMs,
    },
  };
}

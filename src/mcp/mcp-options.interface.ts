import type { EventStore } from '@modelcontextprotocol/server';
import type { ThrottlerStorage } from '@nestjs/throttler';
import type { McpAuthOptions } from './auth/auth-options.interface.js';

export type LegacyMode = 'stateful' | 'stateless';

export interface McpModuleOptions {
  /** Server identity sent to clients. */
  name: string;
  version: string;
  instructions?: string;
  /** Endpoint path of the controller. Default `/mcp`. */
  path?: string;
  /** How 2025-era clients are served. Default `stateful` (sessions, GET stream, resumption). */
  legacyMode?: LegacyMode;
  /** Idle time after which a 2025-era session is closed. Default 30 minutes. */
  sessionTtlMs?: number;
  /**
   * Idle time (nothing in flight, no GET stream) after which a 2025-era
   * session's SDK objects are dropped and only its record kept; its next
   * request rebuilds it. Default 10 s; 0 keeps sessions whole until the TTL.
   */
  sessionParkMs?: number;
  /** Most 2025-era sessions held at once; the least recently used is closed past it. Default 10,000. */
  maxSessions?: number;
  /** Items per page of the `tools/list`, `prompts/list` and `resources/list` results. Default 100; 0 lists everything in one page. */
  pageSize?: number;
  /** Storage for resumable 2025-era streams. Default in memory, bounded. */
  eventStore?: EventStore;
  /** Largest POST body accepted, in bytes. Default 4 MiB. */
  maxRequestBodyBytes?: number;
  /** Authentication of callers. Default: off (and said so loudly at boot). */
  auth?: McpAuthOptions;
  /** Hostnames accepted in `Host` (DNS-rebinding protection); `false` turns the check off. Default: loopback names. */
  allowedHosts?: string[] | false;
  /** Hostnames accepted in `Origin` (requests without one pass). Default: loopback names. */
  allowedOrigins?: string[];
  /**
   * Requests per caller (principal, else IP) per window on the endpoint;
   * `@Throttle` on a tool method sets a per-caller limit for that tool.
   * `false` turns rate limiting off. Default 600 per 60 s, in memory.
   */
  rateLimit?: { limit: number; ttlMs: number; storage?: ThrottlerStorage } | false;
  /** Log tool arguments (secret-looking keys redacted). Default false. */
  logPayloads?: boolean;
  /** Bearer token `/metrics` requires; open when unset. */
  metricsToken?: string;
  /**
   * Redis as the shared store of many instances: sessions, the resumability
   * event store, rate-limit counters and notifications. Unset: one process,
   * in memory. `commandTimeoutMs`: how long a command may go unanswered before
   * it fails and its request gets a 503 (default 1 s).
   */
  redis?: { url: string; keyPrefix?: string; commandTimeoutMs?: number };
  /**
   * Key (>= 32 bytes) that signs multi-round-trip `requestState`. Default: a
   * random one per process, or one shared through Redis when `redis` is set.
   */
  requestStateKey?: string;
  /** Shape of the per-exchange log line: an object for JSON logs, one compact string otherwise. */
  logFormat?: 'json' | 'pretty';
}

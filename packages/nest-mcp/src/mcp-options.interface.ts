import type { Type } from '@nestjs/common';
import type { McpAuthOptions } from './auth/auth-options.interface.js';
import type { McpOAuthBridgeOptions } from './oauth-bridge/oauth-bridge-options.js';
import type { InMemoryEventStoreOptions } from './stores/events/in-memory-event.store.js';

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
  /** Largest `initialize` body (bytes) that opens a 2025-era session (413 beyond): a session keeps it to rebuild itself. Default 64 KiB. */
  maxInitializeBytes?: number;
  /** How long the requests in flight on a 2025-era session get to answer when it ends (DELETE, expiry, eviction). Default 2 s. */
  sessionEndGraceMs?: number;
  /** What a 2025-era session keeps of its `initialize` (capabilities, client name and version), at most; 413 beyond. Default 8 KiB. */
  maxSessionRecordBytes?: number;
  /** Characters of resource URIs one 2025 session, or one 2026-07-28 listen stream, may be subscribed to (they are kept while it lives). Default 64 KiB. */
  maxSubscriptionBytes?: number;
  /** Most tool, prompt and resource calls one caller has in flight at once; past it, a call is refused (429, like a rate limit). Default 64. */
  maxCallsInFlightPerPrincipal?: number;
  /** Most 2025-era sessions (live and parked) one caller holds; past it, its own least recently used is closed. Default 100. */
  maxSessionsPerPrincipal?: number;
  /** Most long-lived streams (2025 GET streams, 2026-07-28 `subscriptions/listen`) open at once. Default 10,000. */
  maxStreams?: number;
  /** Most of those streams one caller holds; past it, a new one is refused with 429. Default 20. */
  maxStreamsPerPrincipal?: number;
  /** Items per page of the `tools/list`, `prompts/list` and `resources/list` results. Default 100; 0 lists everything in one page. */
  pageSize?: number;
  /** Bounds of the default event stores: bytes in all (64 MiB; in memory), bytes per event (1 MiB, in memory and in Redis; a larger one is sent, not kept). */
  eventStoreLimits?: Pick<InMemoryEventStoreOptions, 'maxBytes' | 'maxEventBytes'>;
  /**
   * Bounds of tasks (long-running tool calls): tasks alive per principal
   * (100; past it, a new one is refused), bytes of a task's stored result
   * (1 MiB, as JSON), a task's TTL when the client asks none (1 h) and at
   * most (24 h), tasks alive in all (10,000; in memory or in Redis), bytes
   * of results it holds in all (256 MiB; the principal holding the most gives
   * way first), the poll
   * interval suggested to clients (1 s), and how soon the tasks of an
   * instance that died without a word are settled `failed` (its lease, 5 s;
   * with Redis).
   */
  taskLimits?: {
    maxTasksPerPrincipal?: number;
    maxTaskResultBytes?: number;
    defaultTaskTtlMs?: number;
    maxTaskTtlMs?: number;
    maxTasks?: number;
    maxTaskBytesInMemory?: number;
    pollIntervalMs?: number;
    instanceLeaseMs?: number;
  };
  /**
   * Bytes that may wait, unsent, for a client on an event stream (a response
   * or a GET/listen stream); one more message arriving past it drops the
   * client and cancels its calls (`ctx.signal`). Default 1 MiB.
   */
  maxQueuedBytes?: number;
  /**
   * A handler sending progress or log messages to a client with a backlog
   * (half of `maxQueuedBytes`) waits for it to read; one that has read nothing
   * for this long is dropped and the call cancelled. Default 30 s.
   */
  slowClientTimeoutMs?: number;
  /** Largest POST body accepted, in bytes. Default 4 MiB. */
  maxRequestBodyBytes?: number;
  /**
   * Deadlines of the HTTP server: for a request's headers to arrive, for the
   * whole request (headers and body) to arrive, and for an idle keep-alive
   * connection. Default 10 s, 30 s, 5 s. They are set on the app's HTTP server
   * (its other routes too); `false` leaves the server's own.
   */
  httpTimeouts?: { headersMs?: number; requestMs?: number; keepAliveMs?: number } | false;
  /** Authentication of callers. Default: off (and said so loudly at boot). */
  auth?: McpAuthOptions;
  /**
   * An OAuth authorization server at this server's origin, in front of the
   * company's OpenID provider (see `McpOAuthBridgeOptions`). Off unless set;
   * setting it turns auth on. Needs the optional peers `oidc-provider` and `openid-client`.
   */
  oauthBridge?: McpOAuthBridgeOptions;
  /** Hostnames accepted in `Host` (DNS-rebinding protection); `false` turns the check off. Default: loopback names. */
  allowedHosts?: string[] | false;
  /** Hostnames accepted in `Origin` (requests without one pass). Default: loopback names. */
  allowedOrigins?: string[];
  /**
   * Requests per caller (principal, else IP) per window on the endpoint;
   * `@Throttle` on a tool method sets a per-caller limit for that tool.
   * `false` turns rate limiting off. Default 600 per 60 s (counted in memory,
   * in Redis with `redis`, or in `stores.throttler`).
   */
  rateLimit?: { limit: number; ttlMs: number } | false;
  /** Log tool arguments (secret-looking keys redacted). Default false. */
  logPayloads?: boolean;
  /** Bearer token `/metrics` requires; open when unset. */
  metricsToken?: string;
  /**
   * Redis as the shared store of many instances: sessions, the resumability
   * event store, rate-limit counters, notifications and the `requestState`
   * key (each replaceable by `stores`). Unset: one process, in memory; ioredis
   * (an optional peer) is loaded only when this is set. `commandTimeoutMs`: how long a command may go unanswered before
   * it fails and its request gets a 503 (default 1 s).
   */
  redis?: { url: string; keyPrefix?: string; commandTimeoutMs?: number };
  /**
   * Key (>= 32 bytes) that signs multi-round-trip `requestState`. Default: a
   * random one per process, or one shared through Redis when `redis` is set.
   */
  requestStateKey?: string;
  /** The key before the last rotation: states it signed still verify (new ones are signed with `requestStateKey`). */
  requestStatePreviousKey?: string;
  /**
   * How long a `requestState` (one round of a multi-round-trip request: the
   * time a user has to answer) stays valid; one-second resolution, at least
   * 1000. Default 3 minutes.
   */
  requestStateTtlMs?: number;
  /** Shape of the per-exchange log line: an object for JSON logs, one compact string otherwise. Default `pretty`. */
  logFormat?: 'json' | 'pretty';
  /**
   * How long calls in flight get to finish when the app shuts down (`app.close()`,
   * or SIGTERM/SIGINT with Nest's shutdown hooks on); past it their `ctx.signal`
   * aborts. Meanwhile new MCP requests get 503 and readiness fails. Default 10 s.
   */
  shutdownGraceMs?: number;
  /**
   * Express's `trust proxy` setting, applied to the app by the module: client IPs
   * (rate limits, logs) come from `X-Forwarded-For` only behind these proxies
   * (`true`, a hop count, or addresses/subnets). Default `false`: the setting is left as it is.
   */
  trustProxy?: boolean | number | string;
  /** Boot with authentication off under `NODE_ENV=production` (refused otherwise). Default false. */
  allowInsecure?: boolean;
  /**
   * The modules whose providers and controllers this registration serves the
   * tools, resources and prompts of. Default: every module of the app. Give each
   * of several registrations its own list.
   */
  include?: Type[];
  /** Where `/live` and `/ready` probes are served; `false`: not served (e.g. by a second registration). Default `/health`. */
  healthPath?: string | false;
  /** Where Prometheus metrics are served; `false`: not served. Default `/metrics`. */
  metricsPath?: string | false;
}

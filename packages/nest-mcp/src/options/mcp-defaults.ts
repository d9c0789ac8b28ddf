const KiB = 1024;
const MiB = 1024 * KiB;

/** Hostnames accepted by default in `Host` and `Origin`: the loopback forms. */
export const LOOPBACK_HOSTNAMES = ['localhost', '127.0.0.1', '[::1]'];

/**
 * The default of every `McpModule` option that has one: the one place these
 * numbers live (the options schema applies them; the env schema reads them).
 */
export const MCP_DEFAULTS = {
  path: '/mcp',
  legacyMode: 'stateful',
  sessionTtlMs: 30 * 60_000,
  sessionParkMs: 10_000,
  sessionEndGraceMs: 2_000,
  maxSessions: 10_000,
  maxSessionsPerPrincipal: 100,
  maxInitializeBytes: 64 * KiB,
  maxSessionRecordBytes: 8 * KiB,
  maxSubscriptionBytes: 64 * KiB,
  maxCallsInFlightPerPrincipal: 64,
  maxStreams: 10_000,
  maxStreamsPerPrincipal: 20,
  pageSize: 100,
  eventStoreLimits: { maxBytes: 64 * MiB, maxEventBytes: MiB },
  taskLimits: {
    maxTasksPerPrincipal: 100,
    maxTaskResultBytes: MiB,
    defaultTaskTtlMs: 60 * 60_000,
    maxTaskTtlMs: 24 * 60 * 60_000,
    maxTasks: 10_000,
    maxTaskBytesInMemory: 256 * MiB,
    pollIntervalMs: 1_000,
    instanceLeaseMs: 5_000,
  },
  maxQueuedBytes: MiB,
  slowClientTimeoutMs: 30_000,
  maxRequestBodyBytes: 4 * MiB,
  httpTimeouts: { headersMs: 10_000, requestMs: 30_000, keepAliveMs: 5_000 },
  rateLimit: { limit: 600, ttlMs: 60_000 },
  redis: { keyPrefix: 'mcp:', commandTimeoutMs: 1_000 },
  /** Long enough to read and answer a form (or sign in at a URL); short, as a "yes" is reusable until then. */
  requestStateTtlMs: 3 * 60_000,
  shutdownGraceMs: 10_000,
  logPayloads: false,
  logFormat: 'pretty',
  trustProxy: false,
  allowInsecure: false,
  healthPath: '/health',
  metricsPath: '/metrics',
  oauthBridge: {
    upstreamScopes: ['openid', 'profile', 'email'],
    accessTokenTtlSec: 300,
    refreshTokenTtlSec: 14 * 24 * 3600,
    registrationTtlSec: 30 * 24 * 3600,
    maxRegistrations: 10_000,
    maxRegistrationsPerAddress: 20,
    registrationWindowSec: 3600,
    signingAlgorithm: 'ES256',
    signingKeyRotationSec: 24 * 3600,
    maxEntriesInMemory: 100_000,
    allowPrivateMetadataFetch: false,
  },
} as const;

import { isIP } from 'node:net';
import type { McpAuthOptions } from '../auth/auth-options.interface.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import { authModeOf } from './auth-mode.js';
import type { Env } from './env.schema.js';

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

/** The MCP module's options from the validated environment (DESIGN.md's config contract). */
export function mcpOptionsFromEnv(
  env: Env,
  identity: Pick<McpModuleOptions, 'name' | 'version' | 'instructions'>,
): McpModuleOptions {
  const loopback = LOOPBACK.has(env.HOST);
  return {
    ...identity,
    path: env.MCP_PATH,
    healthPath: env.MCP_HEALTH_PATH === 'off' ? false : env.MCP_HEALTH_PATH,
    metricsPath: env.MCP_METRICS_PATH === 'off' ? false : env.MCP_METRICS_PATH,
    legacyMode: env.MCP_LEGACY_MODE,
    sessionTtlMs: env.MCP_SESSION_TTL_MS,
    sessionParkMs: env.MCP_SESSION_PARK_MS,
    sessionEndGraceMs: env.MCP_SESSION_END_GRACE_MS,
    maxSessions: env.MCP_MAX_SESSIONS,
    maxSessionsPerPrincipal: env.MCP_MAX_SESSIONS_PER_PRINCIPAL,
    maxInitializeBytes: env.MCP_MAX_INITIALIZE_BYTES,
    maxSessionRecordBytes: env.MCP_MAX_SESSION_RECORD_BYTES,
    maxSubscriptionBytes: env.MCP_MAX_SUBSCRIPTION_BYTES,
    maxStreams: env.MCP_MAX_STREAMS,
    maxCallsInFlightPerPrincipal: env.MCP_MAX_CALLS_IN_FLIGHT_PER_PRINCIPAL,
    maxStreamsPerPrincipal: env.MCP_MAX_STREAMS_PER_PRINCIPAL,
    eventStoreLimits: { maxBytes: env.MCP_EVENT_STORE_MAX_BYTES, maxEventBytes: env.MCP_EVENT_MAX_BYTES },
    taskLimits: {
      maxTasksPerPrincipal: env.MCP_MAX_TASKS_PER_PRINCIPAL,
      maxTasks: env.MCP_MAX_TASKS,
      maxTaskBytesInMemory: env.MCP_MAX_TASK_BYTES_IN_MEMORY,
      maxTaskResultBytes: env.MCP_TASK_RESULT_MAX_BYTES,
      defaultTaskTtlMs: env.MCP_TASK_DEFAULT_TTL_MS,
      maxTaskTtlMs: env.MCP_TASK_MAX_TTL_MS,
      pollIntervalMs: env.MCP_TASK_POLL_INTERVAL_MS,
      instanceLeaseMs: env.MCP_TASK_INSTANCE_LEASE_MS,
    },
    maxRequestBodyBytes: env.MCP_MAX_BODY_BYTES,
    maxQueuedBytes: env.MCP_MAX_QUEUED_BYTES,
    slowClientTimeoutMs: env.MCP_SLOW_CLIENT_TIMEOUT_MS,
    httpTimeouts: {
      headersMs: env.MCP_HTTP_HEADERS_TIMEOUT_MS,
      requestMs: env.MCP_HTTP_REQUEST_TIMEOUT_MS,
      keepAliveMs: env.MCP_HTTP_KEEP_ALIVE_TIMEOUT_MS,
    },
    // On a loopback bind only loopback names are expected; elsewhere the operator must list them.
    allowedHosts: env.MCP_ALLOWED_HOSTS ?? (loopback ? undefined : false),
    allowedOrigins: env.MCP_ALLOWED_ORIGINS,
    auth: authFromEnv(env),
    oauthBridge: oauthBridgeFromEnv(env),
    rateLimit: env.MCP_RATE_LIMIT === 'off' ? false : { limit: env.MCP_RATE_LIMIT, ttlMs: env.MCP_RATE_TTL_MS },
    metricsToken: env.METRICS_TOKEN,
    logPayloads: env.LOG_PAYLOADS,
    logFormat: logFormatOf(env),
    redis: env.REDIS_URL ? { url: env.REDIS_URL, commandTimeoutMs: env.REDIS_COMMAND_TIMEOUT_MS } : undefined,
    requestStateKey: env.MCP_REQUEST_STATE_KEY,
    requestStatePreviousKey: env.MCP_REQUEST_STATE_PREVIOUS_KEY,
    requestStateTtlMs: env.MCP_REQUEST_STATE_TTL_MS,
    shutdownGraceMs: env.MCP_SHUTDOWN_GRACE_MS,
    trustProxy: trustProxyOf(env),
    allowInsecure: env.MCP_ALLOW_INSECURE,
  };
}

/** The canonical URL of the endpoint: `MCP_RESOURCE_URL`, else derived from HOST, PORT and MCP_PATH. */
export function resourceUrlOf(env: Env): string {
  if (env.MCP_RESOURCE_URL) return env.MCP_RESOURCE_URL;
  const host = env.HOST.includes(':') && !env.HOST.startsWith('[') ? `[${env.HOST}]` : env.HOST;
  return `http://${host}:${env.PORT}${env.MCP_PATH}`;
}

/**
 * The resource URL given to the module: `MCP_RESOURCE_URL`; else, when HOST is an IP address,
 * none, so that the module takes the address the server is bound to (the same URL when it listens
 * on HOST:PORT; the port it got when a test helper starts it on a free one). A host name cannot
 * be read back from a bound address, so it is kept as `resourceUrlOf` writes it.
 */
function moduleResourceUrlOf(env: Env): string | undefined {
  if (env.MCP_RESOURCE_URL) return env.MCP_RESOURCE_URL;
  return isIP(env.HOST.replace(/^\[(.*)\]$/, '$1')) ? undefined : resourceUrlOf(env);
}

/** The OAuth bridge, on when its upstream IdP is configured. */
function oauthBridgeFromEnv(env: Env): McpModuleOptions['oauthBridge'] {
  const issuer = env.MCP_OAUTH_UPSTREAM_ISSUER;
  if (!issuer) return undefined;
  return {
    upstream: {
      issuer,
      clientId: env.MCP_OAUTH_UPSTREAM_CLIENT_ID!,
      clientSecret: env.MCP_OAUTH_UPSTREAM_CLIENT_SECRET!,
      scopes: env.MCP_OAUTH_UPSTREAM_SCOPES,
    },
    accessTokenTtlSec: env.MCP_OAUTH_ACCESS_TOKEN_TTL_SEC,
    refreshTokenTtlSec: env.MCP_OAUTH_REFRESH_TOKEN_TTL_SEC,
    maxRegistrations: env.MCP_OAUTH_MAX_REGISTRATIONS,
    maxRegistrationsPerAddress: env.MCP_OAUTH_MAX_REGISTRATIONS_PER_ADDRESS,
    signingKeyRotationSec: env.MCP_OAUTH_SIGNING_KEY_ROTATION_SEC,
    scopeClaims: env.MCP_OAUTH_SCOPE_CLAIMS,
  };
}

function authFromEnv(env: Env): McpAuthOptions {
  const mode = authModeOf(env);
  return {
    mode,
    secret: env.MCP_JWT_SECRET,
    publicKey: env.MCP_JWT_PUBLIC_KEY,
    jwksUrl: env.MCP_JWKS_URL,
    apiKeys: env.MCP_API_KEYS,
    issuer: env.MCP_JWT_ISSUER,
    audience: env.MCP_JWT_AUDIENCE,
    tokenType: env.MCP_JWT_TYPE,
    resourceUrl: moduleResourceUrlOf(env),
    authorizationServers: env.MCP_AUTHORIZATION_SERVERS,
  };
}

/** `MCP_TRUST_PROXY` in the form Express's `trust proxy` setting takes. */
export function trustProxyOf(env: Env): boolean | number | string {
  const value = env.MCP_TRUST_PROXY;
  if (value === undefined || value === 'false') return false;
  if (value === 'true') return true;
  return /^\d+$/.test(value) ? Number(value) : value;
}

/** JSON logs when LOG_FORMAT says so, or by default in production. */
export function logFormatOf(env: Env): 'json' | 'pretty' {
  return (env.LOG_FORMAT ?? (env.NODE_ENV === 'production' ? 'json' : 'pretty')) as 'json' | 'pretty';
}

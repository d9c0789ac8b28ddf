import { createPublicKey } from 'node:crypto';
import { z } from 'zod';
import { authModeOf, hasCredential } from './auth-mode.js';
import { parseApiKeys } from '../auth/api-key-verifier.js';
import { MCP_DEFAULTS as D } from '../options/mcp-defaults.js';
import { INSECURE_PRODUCTION_MESSAGE } from '../options/resolve-options.js';

/** Decimal integers only: `0x10`, `1e3` and blanks are mistakes, not numbers. */
const integer = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  z.string().regex(/^\d+$/, 'must be a whole number').transform(Number).pipe(z.number().int().min(min).max(max));

const list = z.string().transform((value) =>
  value
    .split(',')
    .map((item) => item.trim())
    .filter(Boolean),
);

/** A signing key: 32 bytes at least (as UTF-8), as HMAC-SHA256 wants. */
const signingKey = z.string().refine((value) => Buffer.byteLength(value) >= 32, 'must be at least 32 bytes');

/** A route's path: a leading slash, then URL path characters. */
const routePath = z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, 'must be a path starting with /');
/** A route of the module's own (health, metrics), or `off`. */
const routeOrOff = z.union([routePath, z.literal('off')], { error: 'must be a path starting with /, or off' });

/** `{"scope":{"claim":["value", ...]}}`: a scope kept for users whose IdP claim holds one of the values. */
const scopeClaims = z
  .string()
  .transform((value, ctx) => {
    try {
      return JSON.parse(value) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be JSON' });
      return z.NEVER;
    }
  })
  .pipe(
    z.record(z.string(), z.record(z.string(), z.array(z.string())), {
      error: 'must map scopes to {"claim": ["value", ...]}',
    }),
  );

const flag = z.enum(['true', 'false']).transform((value) => value === 'true');

const pem = z
  .string()
  .transform((value) => value.replace(/\\n/g, '\n'))
  .refine((value) => {
    try {
      createPublicKey(value);
      return true;
    } catch {
      return false;
    }
  }, 'must be a PEM public key');

const apiKeys = z.string().transform((value, ctx) => {
  try {
    return parseApiKeys(value);
  } catch (error) {
    ctx.addIssue({ code: 'custom', message: (error as Error).message });
    return z.NEVER;
  }
});

/** Every environment variable the app reads (see DESIGN.md's config contract). */
export const envSchema = z
  .object({
    NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
    PORT: integer(0, 65535).default(3000),
    HOST: z.string().min(1).default('127.0.0.1'),
    MCP_PATH: routePath.default(D.path),
    MCP_HEALTH_PATH: routeOrOff.default(D.healthPath),
    MCP_METRICS_PATH: routeOrOff.default(D.metricsPath),
    MCP_LEGACY_MODE: z.enum(['stateful', 'stateless']).default(D.legacyMode),
    MCP_SESSION_TTL_MS: integer(1).default(D.sessionTtlMs),
    MCP_SESSION_PARK_MS: integer(0).default(D.sessionParkMs),
    MCP_SESSION_END_GRACE_MS: integer(0).default(D.sessionEndGraceMs),
    MCP_MAX_SESSIONS: integer(1).default(D.maxSessions),
    MCP_MAX_SESSIONS_PER_PRINCIPAL: integer(1).default(D.maxSessionsPerPrincipal),
    MCP_MAX_INITIALIZE_BYTES: integer(1).default(D.maxInitializeBytes),
    MCP_MAX_SESSION_RECORD_BYTES: integer(1).default(D.maxSessionRecordBytes),
    MCP_MAX_SUBSCRIPTION_BYTES: integer(1).default(D.maxSubscriptionBytes),
    MCP_MAX_STREAMS: integer(1).default(D.maxStreams),
    MCP_MAX_CALLS_IN_FLIGHT_PER_PRINCIPAL: integer(1).default(D.maxCallsInFlightPerPrincipal),
    MCP_MAX_STREAMS_PER_PRINCIPAL: integer(1).default(D.maxStreamsPerPrincipal),
    MCP_EVENT_STORE_MAX_BYTES: integer(1).default(D.eventStoreLimits.maxBytes),
    MCP_EVENT_MAX_BYTES: integer(1).default(D.eventStoreLimits.maxEventBytes),
    MCP_MAX_BODY_BYTES: integer(1).default(D.maxRequestBodyBytes),
    MCP_MAX_QUEUED_BYTES: integer(1).default(D.maxQueuedBytes),
    MCP_SLOW_CLIENT_TIMEOUT_MS: integer(1).default(D.slowClientTimeoutMs),
    MCP_HTTP_HEADERS_TIMEOUT_MS: integer(1).default(D.httpTimeouts.headersMs),
    MCP_HTTP_REQUEST_TIMEOUT_MS: integer(1).default(D.httpTimeouts.requestMs),
    MCP_HTTP_KEEP_ALIVE_TIMEOUT_MS: integer(1).default(D.httpTimeouts.keepAliveMs),
    MCP_ALLOWED_HOSTS: list.optional(),
    MCP_ALLOWED_ORIGINS: list.optional(),
    MCP_AUTH: z.enum(['jwt', 'none']).optional(),
    MCP_ALLOW_INSECURE: flag.default(D.allowInsecure),
    MCP_JWT_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
    MCP_JWT_PUBLIC_KEY: pem.optional(),
    MCP_JWKS_URL: z.url({ protocol: /^https?$/ }).optional(),
    MCP_API_KEYS: apiKeys.optional(),
    MCP_JWT_ISSUER: z.string().min(1).optional(),
    MCP_JWT_AUDIENCE: z.string().min(1).optional(),
    MCP_JWT_TYPE: z
      .string()
      .regex(/^[A-Za-z0-9!#$&^_.+/-]+$/, 'must be a media type such as at+jwt')
      .optional(),
    MCP_RESOURCE_URL: z.url({ protocol: /^https?$/ }).optional(),
    MCP_AUTHORIZATION_SERVERS: list.optional(),
    MCP_OAUTH_UPSTREAM_ISSUER: z.url({ protocol: /^https?$/ }).optional(),
    MCP_OAUTH_UPSTREAM_CLIENT_ID: z.string().min(1).optional(),
    MCP_OAUTH_UPSTREAM_CLIENT_SECRET: z.string().min(1).optional(),
    MCP_OAUTH_UPSTREAM_SCOPES: z
      .string()
      .transform((value) => value.split(' ').filter(Boolean))
      .pipe(z.array(z.string()).min(1, 'must name at least one scope'))
      .default([...D.oauthBridge.upstreamScopes]),
    // Unset: the module's defaults (MCP_DEFAULTS.oauthBridge).
    MCP_OAUTH_ACCESS_TOKEN_TTL_SEC: integer(1).optional(),
    MCP_OAUTH_REFRESH_TOKEN_TTL_SEC: integer(1).optional(),
    MCP_OAUTH_MAX_REGISTRATIONS: integer(1).optional(),
    MCP_OAUTH_MAX_REGISTRATIONS_PER_ADDRESS: integer(1).optional(),
    MCP_OAUTH_SIGNING_KEY_ROTATION_SEC: integer(60).optional(),
    MCP_OAUTH_SCOPE_CLAIMS: scopeClaims.optional(),
    MCP_RATE_LIMIT: z.union([z.literal('off'), integer(1)]).default(D.rateLimit.limit),
    MCP_RATE_TTL_MS: integer(1).default(D.rateLimit.ttlMs),
    MCP_TRUST_PROXY: z
      .string()
      .regex(
        /^[A-Za-z0-9.:/,\s]+$/,
        'must be true, false, a hop count, or addresses/subnets/loopback,linklocal,uniquelocal',
      )
      .optional(),
    MCP_SHUTDOWN_GRACE_MS: integer(0).default(D.shutdownGraceMs),
    MCP_REQUEST_STATE_KEY: signingKey.optional(),
    MCP_REQUEST_STATE_PREVIOUS_KEY: signingKey.optional(),
    MCP_REQUEST_STATE_TTL_MS: integer(1_000, 3_600_000).default(D.requestStateTtlMs),
    MCP_MAX_TASKS_PER_PRINCIPAL: integer(1).default(D.taskLimits.maxTasksPerPrincipal),
    MCP_MAX_TASKS: integer(1).default(D.taskLimits.maxTasks),
    MCP_MAX_TASK_BYTES_IN_MEMORY: integer(1).default(D.taskLimits.maxTaskBytesInMemory),
    MCP_TASK_RESULT_MAX_BYTES: integer(1).default(D.taskLimits.maxTaskResultBytes),
    MCP_TASK_DEFAULT_TTL_MS: integer(1).default(D.taskLimits.defaultTaskTtlMs),
    MCP_TASK_MAX_TTL_MS: integer(1).default(D.taskLimits.maxTaskTtlMs),
    MCP_TASK_POLL_INTERVAL_MS: integer(1).default(D.taskLimits.pollIntervalMs),
    MCP_TASK_INSTANCE_LEASE_MS: integer(1).default(D.taskLimits.instanceLeaseMs),
    METRICS_TOKEN: z.string().min(16, 'must be at least 16 characters').optional(),
    LOG_PAYLOADS: flag.default(D.logPayloads),
    REDIS_URL: z.url({ protocol: /^rediss?$/ }).optional(),
    REDIS_COMMAND_TIMEOUT_MS: integer(1).default(D.redis.commandTimeoutMs),
    LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'verbose']).default('info'),
    LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
  })
  .superRefine((env, ctx) => {
    if (env.MCP_OAUTH_UPSTREAM_ISSUER) {
      for (const name of ['MCP_OAUTH_UPSTREAM_CLIENT_ID', 'MCP_OAUTH_UPSTREAM_CLIENT_SECRET'] as const) {
        if (!env[name])
          ctx.addIssue({ code: 'custom', path: [name], message: 'is required with MCP_OAUTH_UPSTREAM_ISSUER' });
      }
    }
    if (env.MCP_JWT_SECRET && (env.MCP_JWT_PUBLIC_KEY || env.MCP_JWKS_URL)) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_JWT_SECRET'],
        message:
          'cannot be combined with MCP_JWT_PUBLIC_KEY or MCP_JWKS_URL (HS tokens are never accepted beside an asymmetric key)',
      });
    }
    if (env.MCP_HTTP_HEADERS_TIMEOUT_MS > env.MCP_HTTP_REQUEST_TIMEOUT_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_HTTP_HEADERS_TIMEOUT_MS'],
        message: 'must not exceed MCP_HTTP_REQUEST_TIMEOUT_MS (the headers are part of the request)',
      });
    }
    if (env.MCP_TASK_DEFAULT_TTL_MS > env.MCP_TASK_MAX_TTL_MS) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_TASK_DEFAULT_TTL_MS'],
        message: 'must not exceed MCP_TASK_MAX_TTL_MS (the longest a task is kept)',
      });
    }
    if (env.MCP_JWT_PUBLIC_KEY && env.MCP_JWKS_URL) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_JWT_PUBLIC_KEY'],
        message: 'set MCP_JWT_PUBLIC_KEY or MCP_JWKS_URL, not both',
      });
    }
    if (env.MCP_AUTH === 'jwt' && !hasCredential(env)) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_AUTH'],
        message:
          'is jwt but none of MCP_JWT_SECRET, MCP_JWT_PUBLIC_KEY, MCP_JWKS_URL, MCP_API_KEYS, MCP_OAUTH_UPSTREAM_ISSUER is set',
      });
    }
    if (authModeOf(env) === 'none' && env.NODE_ENV === 'production' && !env.MCP_ALLOW_INSECURE) {
      ctx.addIssue({
        code: 'custom',
        path: ['MCP_AUTH'],
        message: INSECURE_PRODUCTION_MESSAGE,
      });
    }
  });

export type Env = z.infer<typeof envSchema>;

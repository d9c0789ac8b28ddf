import type { Type } from '@nestjs/common';
import { z } from 'zod';
import type { McpAuthOptions } from '../auth/auth-options.interface.js';
import { LOOPBACK_HOSTNAMES, MCP_DEFAULTS as D } from './mcp-defaults.js';

const whole = (min: number, message: string) =>
  z.number({ error: message }).int({ error: message }).min(min, { error: message });
/** At least 1. */
const positive = () => whole(1, 'must be a positive integer');
/** 0 or more (0 means "off" where the option says so). */
const nonNegative = () => whole(0, 'must be an integer >= 0');

/** What a route path looks like: a leading slash, then URL path characters. */
const routePath = z.string().regex(/^\/[A-Za-z0-9/_.-]*$/, { error: 'must be a path starting with /' });
/** A route of the module's own (health, metrics), or `false` not to serve it. */
const optionalRoute = (fallback: string) => z.union([routePath, z.literal(false)]).default(fallback);

/** HMAC-SHA256 wants 32 bytes of key at least. */
const signingKey = z.string().refine((value) => Buffer.byteLength(value) >= 32, { error: 'must be at least 32 bytes' });

const authSchema = z
  .looseObject({
    mode: z.enum(['jwt', 'none']),
    resourceUrl: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }).optional(),
    secret: z.string().min(32, { error: 'must be at least 32 characters' }).optional(),
    apiKeys: z.array(z.looseObject({ subject: z.string(), key: z.string(), scopes: z.array(z.string()) })).optional(),
  })
  .transform((auth) => auth as McpAuthOptions);

const B = D.oauthBridge;

const oauthBridgeSchema = z.strictObject({
  upstream: z.strictObject({
    issuer: z.url({ protocol: /^https?$/, error: 'must be an http(s) URL' }),
    clientId: z.string().min(1, { error: 'must be a non-empty string' }),
    clientSecret: z.string().min(1, { error: 'must be a non-empty string' }),
    scopes: z
      .array(z.string().min(1))
      .min(1)
      .default([...B.upstreamScopes]),
  }),
  scopeClaims: z.record(z.string(), z.record(z.string(), z.array(z.string()))).default({}),
  accessTokenTtlSec: positive().default(B.accessTokenTtlSec),
  refreshTokenTtlSec: positive().default(B.refreshTokenTtlSec),
  registrationTtlSec: positive().default(B.registrationTtlSec),
  maxRegistrations: positive().default(B.maxRegistrations),
  maxRegistrationsPerAddress: positive().default(B.maxRegistrationsPerAddress),
  registrationWindowSec: positive().default(B.registrationWindowSec),
  signingAlgorithm: z.enum(['ES256', 'RS256']).default(B.signingAlgorithm),
  signingKeyRotationSec: positive().default(B.signingKeyRotationSec),
  maxEntriesInMemory: positive().default(B.maxEntriesInMemory),
  allowPrivateMetadataFetch: z.boolean().default(B.allowPrivateMetadataFetch),
});

/** `McpModule` options: validated and defaulted once, into what every provider reads. */
export const mcpOptionsSchema = z.strictObject({
  name: z.string().min(1, { error: 'must be a non-empty string' }),
  version: z.string().min(1, { error: 'must be a non-empty string' }),
  instructions: z.string().optional(),
  path: routePath.default(D.path),
  legacyMode: z.enum(['stateful', 'stateless']).default(D.legacyMode),
  sessionTtlMs: positive().default(D.sessionTtlMs),
  sessionParkMs: nonNegative().default(D.sessionParkMs),
  maxSessions: positive().default(D.maxSessions),
  maxInitializeBytes: positive().default(D.maxInitializeBytes),
  sessionEndGraceMs: nonNegative().default(D.sessionEndGraceMs),
  maxSessionRecordBytes: positive().default(D.maxSessionRecordBytes),
  maxSubscriptionBytes: positive().default(D.maxSubscriptionBytes),
  maxCallsInFlightPerPrincipal: positive().default(D.maxCallsInFlightPerPrincipal),
  maxSessionsPerPrincipal: positive().default(D.maxSessionsPerPrincipal),
  maxStreams: positive().default(D.maxStreams),
  maxStreamsPerPrincipal: positive().default(D.maxStreamsPerPrincipal),
  pageSize: nonNegative().default(D.pageSize),
  eventStoreLimits: z
    .strictObject({
      maxBytes: positive().default(D.eventStoreLimits.maxBytes),
      maxEventBytes: positive().default(D.eventStoreLimits.maxEventBytes),
    })
    .prefault({}),
  // Bounds of tasks (long-running tool calls), kept by the task store; the TTLs, poll interval and lease are the runtime's.
  taskLimits: z
    .strictObject({
      maxTasksPerPrincipal: positive().default(D.taskLimits.maxTasksPerPrincipal),
      maxTaskResultBytes: positive().default(D.taskLimits.maxTaskResultBytes),
      defaultTaskTtlMs: positive().default(D.taskLimits.defaultTaskTtlMs),
      maxTaskTtlMs: positive().default(D.taskLimits.maxTaskTtlMs),
      maxTasks: positive().default(D.taskLimits.maxTasks),
      maxTaskBytesInMemory: positive().default(D.taskLimits.maxTaskBytesInMemory),
      pollIntervalMs: positive().default(D.taskLimits.pollIntervalMs),
      instanceLeaseMs: positive().default(D.taskLimits.instanceLeaseMs),
    })
    .prefault({}),
  maxQueuedBytes: positive().default(D.maxQueuedBytes),
  slowClientTimeoutMs: positive().default(D.slowClientTimeoutMs),
  maxRequestBodyBytes: positive().default(D.maxRequestBodyBytes),
  // false: the app's HTTP server keeps the deadlines it has.
  httpTimeouts: z
    .union([
      z
        .strictObject({
          headersMs: positive().default(D.httpTimeouts.headersMs),
          requestMs: positive().default(D.httpTimeouts.requestMs),
          keepAliveMs: positive().default(D.httpTimeouts.keepAliveMs),
        })
        .refine((timeouts) => timeouts.headersMs <= timeouts.requestMs, {
          error: 'headersMs must not exceed requestMs (the headers are part of the request)',
        }),
      z.literal(false),
    ])
    .prefault({}),
  auth: authSchema.optional(),
  oauthBridge: oauthBridgeSchema.optional(),
  allowedHosts: z.union([z.array(z.string()), z.literal(false)]).default(LOOPBACK_HOSTNAMES),
  allowedOrigins: z.array(z.string()).default(LOOPBACK_HOSTNAMES),
  rateLimit: z.union([z.strictObject({ limit: positive(), ttlMs: positive() }), z.literal(false)]).default(D.rateLimit),
  logPayloads: z.boolean().default(D.logPayloads),
  metricsToken: z.string().min(1).optional(),
  redis: z
    .strictObject({
      url: z.url({ protocol: /^rediss?$/, error: 'must be a redis:// or rediss:// URL' }),
      keyPrefix: z.string().default(D.redis.keyPrefix),
      commandTimeoutMs: positive().default(D.redis.commandTimeoutMs),
    })
    .optional(),
  requestStateKey: signingKey.optional(),
  requestStatePreviousKey: signingKey.optional(),
  requestStateTtlMs: whole(1_000, 'must be an integer >= 1000').default(D.requestStateTtlMs),
  logFormat: z.enum(['json', 'pretty']).default(D.logFormat),
  shutdownGraceMs: nonNegative().default(D.shutdownGraceMs),
  trustProxy: z
    .union([z.boolean(), nonNegative(), z.string().min(1)], {
      error: 'must be true, false, a hop count, or addresses/subnets (Express "trust proxy")',
    })
    .default(D.trustProxy),
  allowInsecure: z.boolean().default(D.allowInsecure),
  healthPath: optionalRoute(D.healthPath),
  metricsPath: optionalRoute(D.metricsPath),
  include: z
    .array(z.custom<Type>((value) => typeof value === 'function', { error: 'must list module classes' }))
    .optional(),
});

/** The options every provider of a registration reads: each has its value (given or default). */
export type ResolvedMcpOptions = z.output<typeof mcpOptionsSchema>;

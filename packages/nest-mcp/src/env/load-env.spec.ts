import { afterEach, describe, expect, it, vi } from 'vitest';
import { envSchema } from './env.schema.js';
import { InvalidEnvironmentError, loadEnv } from './load-env.js';
import { mcpOptionsFromEnv } from './mcp-options.factory.js';

/** Runs `loadEnv(source)`, which must throw, and returns the error. */
function failure(source: NodeJS.ProcessEnv): Error {
  try {
    loadEnv(source);
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected loadEnv to throw');
}

const DEFAULTS = {
  NODE_ENV: 'development',
  PORT: 3000,
  HOST: '127.0.0.1',
  MCP_PATH: '/mcp',
  MCP_HEALTH_PATH: '/health',
  MCP_METRICS_PATH: '/metrics',
  MCP_OAUTH_UPSTREAM_SCOPES: ['openid', 'profile', 'email'],
  MCP_LEGACY_MODE: 'stateful',
  MCP_SESSION_TTL_MS: 1_800_000,
  MCP_SESSION_PARK_MS: 10_000,
  MCP_SESSION_END_GRACE_MS: 2_000,
  MCP_MAX_SESSIONS: 10_000,
  MCP_MAX_SESSIONS_PER_PRINCIPAL: 100,
  MCP_MAX_INITIALIZE_BYTES: 64 * 1024,
  MCP_MAX_SESSION_RECORD_BYTES: 8 * 1024,
  MCP_MAX_SUBSCRIPTION_BYTES: 64 * 1024,
  MCP_MAX_STREAMS: 10_000,
  MCP_MAX_CALLS_IN_FLIGHT_PER_PRINCIPAL: 64,
  MCP_MAX_STREAMS_PER_PRINCIPAL: 20,
  MCP_EVENT_STORE_MAX_BYTES: 64 * 1024 * 1024,
  MCP_EVENT_MAX_BYTES: 1024 * 1024,
  MCP_MAX_BODY_BYTES: 4 * 1024 * 1024,
  MCP_MAX_QUEUED_BYTES: 1024 * 1024,
  MCP_SLOW_CLIENT_TIMEOUT_MS: 30_000,
  MCP_HTTP_HEADERS_TIMEOUT_MS: 10_000,
  MCP_HTTP_REQUEST_TIMEOUT_MS: 30_000,
  MCP_HTTP_KEEP_ALIVE_TIMEOUT_MS: 5_000,
  MCP_ALLOW_INSECURE: false,
  MCP_RATE_LIMIT: 600,
  MCP_RATE_TTL_MS: 60_000,
  MCP_SHUTDOWN_GRACE_MS: 10_000,
  MCP_REQUEST_STATE_TTL_MS: 180_000,
  MCP_MAX_TASKS_PER_PRINCIPAL: 100,
  MCP_MAX_TASKS: 10_000,
  MCP_MAX_TASK_BYTES_IN_MEMORY: 256 * 1024 * 1024,
  MCP_TASK_RESULT_MAX_BYTES: 1024 * 1024,
  MCP_TASK_DEFAULT_TTL_MS: 3_600_000,
  MCP_TASK_MAX_TTL_MS: 86_400_000,
  MCP_TASK_POLL_INTERVAL_MS: 1_000,
  MCP_TASK_INSTANCE_LEASE_MS: 5_000,
  LOG_PAYLOADS: false,
  REDIS_COMMAND_TIMEOUT_MS: 1_000,
  LOG_LEVEL: 'info',
};

describe('loadEnv', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });

  it('moves the health and metrics routes, or turns them off', () => {
    const env = loadEnv({ MCP_HEALTH_PATH: '/healthz', MCP_METRICS_PATH: 'off' });
    const options = mcpOptionsFromEnv(env, { name: 'n', version: '1' });
    expect([options.healthPath, options.metricsPath]).toEqual(['/healthz', false]);
  });

  it('gives the defaults for an empty environment', () => {
    expect(loadEnv({})).toEqual(DEFAULTS);
  });

  it('coerces and keeps valid values, and ignores unknown variables', () => {
    const env = loadEnv({
      PORT: '8080',
      MCP_LEGACY_MODE: 'stateless',
      MCP_PATH: '/api/mcp',
      MCP_MAX_SESSIONS: '5',
      LOG_FORMAT: 'json',
      UNRELATED: 'x',
    });
    expect(env).toMatchObject({
      PORT: 8080,
      MCP_LEGACY_MODE: 'stateless',
      MCP_PATH: '/api/mcp',
      MCP_MAX_SESSIONS: 5,
      LOG_FORMAT: 'json',
    });
    expect(env).not.toHaveProperty('UNRELATED');
  });

  it.each([
    ['PORT', 'abc'],
    ['PORT', '70000'],
    ['PORT', '80.5'],
    ['MCP_LEGACY_MODE', 'weird'],
    ['MCP_PATH', 'mcp'],
    ['MCP_HEALTH_PATH', 'healthz'],
    ['MCP_METRICS_PATH', 'on'],
    ['MCP_SESSION_TTL_MS', '0'],
    ['NODE_ENV', 'staging'],
    ['LOG_LEVEL', 'loud'],
  ])('rejects %s=%j with an error naming the variable', (name, value) => {
    const error = failure({ [name]: value });
    expect(error).toBeInstanceOf(InvalidEnvironmentError);
    expect(error.name).toBe('InvalidEnvironmentError');
    expect(error.message).toMatch(new RegExp(`(^|[ ;])${name}: `));
  });

  it('names every bad variable, and only those', () => {
    const error = failure({
      PORT: 'abc',
      MCP_LEGACY_MODE: 'weird',
      HOST: 'example.test',
    });
    expect(error.message).toContain('PORT: ');
    expect(error.message).toContain('MCP_LEGACY_MODE: ');
    expect(error.message).not.toContain('HOST');
  });

  it('treats empty strings as unset', () => {
    const allEmpty = Object.fromEntries(Object.keys(envSchema.shape).map((key) => [key, '']));
    expect(loadEnv(allEmpty)).toEqual(DEFAULTS);
    expect(loadEnv({ PORT: '', MCP_LEGACY_MODE: '' })).toMatchObject({
      PORT: 3000,
      MCP_LEGACY_MODE: 'stateful',
    });
  });

  it('reads process.env by default', () => {
    for (const key of Object.keys(envSchema.shape)) vi.stubEnv(key, '');
    vi.stubEnv('PORT', '4321');
    expect(loadEnv().PORT).toBe(4321);
    vi.stubEnv('MCP_LEGACY_MODE', 'weird');
    expect(() => loadEnv()).toThrow(/MCP_LEGACY_MODE: /);
  });

  it('treats blank values as unset and accepts only decimal numbers', () => {
    expect(loadEnv({ PORT: '  ' }).PORT).toBe(3000);
    expect(failure({ PORT: '0x10' }).message).toContain('PORT');
    expect(failure({ PORT: '1e3' }).message).toContain('PORT');
  });

  it('refuses an HS secret beside an asymmetric key, and a short secret, naming the variable', () => {
    const secret = 'x'.repeat(40);
    expect(failure({ MCP_JWT_SECRET: secret, MCP_JWKS_URL: 'https://idp.example/jwks' }).message).toContain(
      'MCP_JWT_SECRET',
    );
    expect(failure({ MCP_JWT_SECRET: 'short' }).message).toContain('MCP_JWT_SECRET');
    expect(failure({ MCP_JWT_PUBLIC_KEY: 'not a pem' }).message).toContain('MCP_JWT_PUBLIC_KEY');
  });

  it('takes requestState keys of 32 bytes or more, a TTL of a second or more, and never echoes a key', () => {
    const key = 'k'.repeat(32);
    expect(loadEnv({ MCP_REQUEST_STATE_KEY: key, MCP_REQUEST_STATE_PREVIOUS_KEY: key })).toMatchObject({
      MCP_REQUEST_STATE_KEY: key,
      MCP_REQUEST_STATE_PREVIOUS_KEY: key,
    });
    const short = failure({ MCP_REQUEST_STATE_KEY: 'short-secret-key' }).message;
    expect(short).toContain('MCP_REQUEST_STATE_KEY');
    expect(short).not.toContain('short-secret-key');
    expect(failure({ MCP_REQUEST_STATE_PREVIOUS_KEY: 'k'.repeat(31) }).message).toContain(
      'MCP_REQUEST_STATE_PREVIOUS_KEY',
    );
    expect(failure({ MCP_REQUEST_STATE_TTL_MS: '999' }).message).toContain('MCP_REQUEST_STATE_TTL_MS');
  });

  it('takes a required JWT typ (MCP_JWT_TYPE) into the auth options, and refuses one that is no media type', () => {
    const env = loadEnv({ MCP_JWT_SECRET: 'x'.repeat(40), MCP_JWT_TYPE: 'application/at+jwt' });
    expect(mcpOptionsFromEnv(env, { name: 'n', version: '1' }).auth?.tokenType).toBe('application/at+jwt');
    expect(failure({ MCP_JWT_TYPE: 'at jwt' }).message).toContain('MCP_JWT_TYPE');
  });

  it('takes the bounds of tasks into taskLimits, and refuses a default TTL past the longest', () => {
    const env = loadEnv({
      MCP_MAX_TASKS_PER_PRINCIPAL: '7',
      MCP_MAX_TASKS: '70',
      MCP_MAX_TASK_BYTES_IN_MEMORY: '65536',
      MCP_TASK_RESULT_MAX_BYTES: '4096',
      MCP_TASK_DEFAULT_TTL_MS: '60000',
      MCP_TASK_MAX_TTL_MS: '120000',
      MCP_TASK_POLL_INTERVAL_MS: '250',
      MCP_TASK_INSTANCE_LEASE_MS: '1000',
    });
    expect(mcpOptionsFromEnv(env, { name: 'n', version: '1' }).taskLimits).toEqual({
      maxTasksPerPrincipal: 7,
      maxTasks: 70,
      maxTaskBytesInMemory: 65_536,
      maxTaskResultBytes: 4096,
      defaultTaskTtlMs: 60_000,
      maxTaskTtlMs: 120_000,
      pollIntervalMs: 250,
      instanceLeaseMs: 1_000,
    });
    expect(failure({ MCP_TASK_INSTANCE_LEASE_MS: '0' }).message).toContain('MCP_TASK_INSTANCE_LEASE_MS');
    expect(failure({ MCP_TASK_DEFAULT_TTL_MS: '90000', MCP_TASK_MAX_TTL_MS: '60000' }).message).toMatch(
      /MCP_TASK_DEFAULT_TTL_MS: must not exceed MCP_TASK_MAX_TTL_MS/,
    );
  });

  it('refuses auth off in production unless MCP_ALLOW_INSECURE=true', () => {
    expect(failure({ NODE_ENV: 'production' }).message).toContain('MCP_AUTH');
    expect(loadEnv({ NODE_ENV: 'production', MCP_ALLOW_INSECURE: 'true' }).MCP_ALLOW_INSECURE).toBe(true);
    expect(loadEnv({ NODE_ENV: 'production', MCP_JWT_SECRET: 'x'.repeat(40) }).NODE_ENV).toBe('production');
    expect(failure({ MCP_AUTH: 'jwt' }).message).toContain('MCP_AUTH');
  });

  it('parses MCP_API_KEYS and never echoes a key in its errors', () => {
    const keys = loadEnv({ MCP_API_KEYS: 'ci:sk_0123456789abcdef:notes:read notes:write' }).MCP_API_KEYS;
    expect(keys).toEqual([{ subject: 'ci', key: 'sk_0123456789abcdef', scopes: ['notes:read', 'notes:write'] }]);
    const error = failure({ MCP_API_KEYS: 'ci:sk_short:notes:read' });
    expect(error.message).toContain('MCP_API_KEYS');
    expect(error.message).not.toContain('sk_short');
  });
});

describe('the OAuth bridge from the environment', () => {
  it('is on with its upstream, with the default scopes, and turns auth on', () => {
    const env = loadEnv({
      MCP_OAUTH_UPSTREAM_ISSUER: 'https://idp.example.com/realms/staff',
      MCP_OAUTH_UPSTREAM_CLIENT_ID: 'mcp-bridge',
      MCP_OAUTH_UPSTREAM_CLIENT_SECRET: 'secret',
    });
    const options = mcpOptionsFromEnv(env, { name: 'n', version: '1' });
    expect(options.oauthBridge).toEqual({
      upstream: {
        issuer: 'https://idp.example.com/realms/staff',
        clientId: 'mcp-bridge',
        clientSecret: 'secret',
        scopes: ['openid', 'profile', 'email'],
      },
    });
    expect(options.auth?.mode).toBe('jwt');
  });

  it('takes its token lifetimes, registration bounds, key rotation and scope claims', () => {
    const env = loadEnv({
      MCP_OAUTH_UPSTREAM_ISSUER: 'https://idp.example.com',
      MCP_OAUTH_UPSTREAM_CLIENT_ID: 'mcp-bridge',
      MCP_OAUTH_UPSTREAM_CLIENT_SECRET: 'secret',
      MCP_OAUTH_ACCESS_TOKEN_TTL_SEC: '120',
      MCP_OAUTH_REFRESH_TOKEN_TTL_SEC: '86400',
      MCP_OAUTH_MAX_REGISTRATIONS: '500',
      MCP_OAUTH_MAX_REGISTRATIONS_PER_ADDRESS: '5',
      MCP_OAUTH_SIGNING_KEY_ROTATION_SEC: '3600',
      MCP_OAUTH_SCOPE_CLAIMS: '{"notes:write":{"groups":["editors"]}}',
    });
    expect(mcpOptionsFromEnv(env, { name: 'n', version: '1' }).oauthBridge).toMatchObject({
      accessTokenTtlSec: 120,
      refreshTokenTtlSec: 86400,
      maxRegistrations: 500,
      maxRegistrationsPerAddress: 5,
      signingKeyRotationSec: 3600,
      scopeClaims: { 'notes:write': { groups: ['editors'] } },
    });
  });

  it.each([
    ['MCP_OAUTH_SCOPE_CLAIMS', '{"notes:write":"editors"}'],
    ['MCP_OAUTH_SCOPE_CLAIMS', 'not json'],
    ['MCP_OAUTH_ACCESS_TOKEN_TTL_SEC', '0'],
  ])('refuses %s=%j, naming it', (name, value) => {
    expect(() => loadEnv({ [name]: value })).toThrow(new RegExp(`(^|[ ;])${name}[.:]`));
  });

  it('is off without its upstream', () => {
    expect(mcpOptionsFromEnv(loadEnv({}), { name: 'n', version: '1' }).oauthBridge).toBeUndefined();
  });

  it('names the client variables the issuer needs', () => {
    expect(() => loadEnv({ MCP_OAUTH_UPSTREAM_ISSUER: 'https://idp.example.com' })).toThrow(
      /MCP_OAUTH_UPSTREAM_CLIENT_ID: is required with MCP_OAUTH_UPSTREAM_ISSUER[\s\S]*MCP_OAUTH_UPSTREAM_CLIENT_SECRET/,
    );
  });
});

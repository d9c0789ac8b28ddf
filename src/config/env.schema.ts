import { z } from 'zod';

const positiveInt = z.coerce.number().int().positive();

/** Every environment variable the app reads (see DESIGN.md's config contract). */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  HOST: z.string().min(1).default('127.0.0.1'),
  MCP_PATH: z
    .string()
    .regex(/^\/[A-Za-z0-9/_.-]*$/, 'must be a path starting with /')
    .default('/mcp'),
  MCP_LEGACY_MODE: z.enum(['stateful', 'stateless']).default('stateful'),
  MCP_SESSION_TTL_MS: positiveInt.default(1_800_000),
  MCP_MAX_SESSIONS: positiveInt.default(10_000),
  MCP_MAX_BODY_BYTES: positiveInt.default(4 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'verbose']).default('info'),
  LOG_FORMAT: z.enum(['json', 'pretty']).optional(),
});

export type Env = z.infer<typeof envSchema>;

import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Env } from './config/env.schema.js';
import { logFormatOf, trustProxyOf } from './config/mcp-options.factory.js';
import { createMcpApplication } from './mcp/index.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The app with the one logger everything goes through: Nest's own
 * ConsoleLogger (JSON lines in production unless LOG_FORMAT says otherwise).
 */
export async function createApp(rootModule: unknown, env: Env): Promise<NestExpressApplication> {
  const threshold = LEVELS.indexOf(env.LOG_LEVEL === 'info' ? 'log' : env.LOG_LEVEL);
  const json = logFormatOf(env) === 'json';
  const app = await createMcpApplication(rootModule, {
    logger: new ConsoleLogger({ json, logLevels: LEVELS.slice(0, threshold + 1) }),
  });
  // Client IPs (rate limits, logs) come from X-Forwarded-For only behind proxies the operator names.
  app.set('trust proxy', trustProxyOf(env));
  return app;
}

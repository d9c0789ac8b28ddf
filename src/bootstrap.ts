import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Env } from './config/env.schema.js';
import { createMcpApplication } from './mcp/index.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The app with the logger the environment asks for (JSON in production unless told otherwise). */
export function createApp(rootModule: unknown, env: Env): Promise<NestExpressApplication> {
  const threshold = LEVELS.indexOf(env.LOG_LEVEL === 'info' ? 'log' : env.LOG_LEVEL);
  const json = env.LOG_FORMAT ? env.LOG_FORMAT === 'json' : env.NODE_ENV === 'production';
  return createMcpApplication(rootModule, {
    logger: new ConsoleLogger({
      json,
      logLevels: LEVELS.slice(0, threshold + 1),
    }),
  });
}

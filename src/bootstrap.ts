import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { LogLevel } from '@nestjs/common';
import { ConsoleLogger } from '@nestjs/common';
import { loadEnv } from './config/load-env.js';

const LEVELS: LogLevel[] = [
  'fatal',
  'error',
  'warn',
  'log',
  'debug',
  'verbose',
];

/**
 * Creates the Nest app the way every entry point needs it: the MCP module
 * reads its own request bodies (size limit, JSON-RPC parse errors), so Nest's
 * body parser stays off; shutdown hooks close sessions on SIGTERM.
 */
export async function createApp(
  rootModule: unknown,
): Promise<NestExpressApplication> {
  const env = loadEnv();
  const threshold = LEVELS.indexOf(
    env.LOG_LEVEL === 'info' ? 'log' : env.LOG_LEVEL,
  );
  const json = env.LOG_FORMAT
    ? env.LOG_FORMAT === 'json'
    : env.NODE_ENV === 'production';
  const app = await NestFactory.create<NestExpressApplication>(
    rootModule as never,
    {
      bodyParser: false,
      logger: new ConsoleLogger({
        json,
        logLevels: LEVELS.slice(0, threshold + 1),
      }),
    },
  );
  app.enableShutdownHooks();
  return app;
}

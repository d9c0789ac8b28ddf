import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Env } from '../env/env.schema.js';
import { loadDotEnvFile } from '../env/dot-env.js';
import { loadEnv } from '../env/load-env.js';
import { logFormatOf } from '../env/mcp-options.factory.js';
import { bufferStdout } from './buffered-stdout.js';
import { createMcpApplication } from '../mcp-application.js';
import { describe } from '../protocol/handler-failure.js';
import { McpJsonLogger } from '../observability/json-logger.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The one logger everything goes through, Nest's messages included: flat JSON lines
 * (`McpJsonLogger`) in production unless LOG_FORMAT says otherwise, Nest's ConsoleLogger for humans.
 */
function loggerFor(env: Env): ConsoleLogger {
  const threshold = LEVELS.indexOf(env.LOG_LEVEL === 'info' ? 'log' : env.LOG_LEVEL);
  const logLevels = LEVELS.slice(0, threshold + 1);
  return logFormatOf(env) === 'json' ? new McpJsonLogger({ logLevels }) : new ConsoleLogger({ logLevels });
}

/** Before the env is read, its format is what the raw variables say (a JSON line if unsure in production). */
const bootLogger = (): ConsoleLogger =>
  (process.env.LOG_FORMAT ?? (process.env.NODE_ENV === 'production' ? 'json' : 'pretty')) === 'json'
    ? new McpJsonLogger()
    : new ConsoleLogger();

/**
 * Runs `rootModule` as a service: env (`.env` beneath it) validated, buffered stdout, listen on
 * HOST:PORT; on SIGTERM/SIGINT the module drains (shutdown hooks are on), then the process exits 0.
 * A failed boot prints one line (no stack) and exits 1.
 */
export async function runMcpApp(rootModule: unknown): Promise<NestExpressApplication | undefined> {
  try {
    loadDotEnvFile();
    const env = loadEnv();
    bufferStdout();
    const app = await createMcpApplication(rootModule, { logger: loggerFor(env) });
    await app.listen(env.PORT, env.HOST);
    return app;
  } catch (error) {
    bootLogger().error(`boot failed: ${describe(error)}`, 'McpBoot');
    process.exit(1);
  }
}

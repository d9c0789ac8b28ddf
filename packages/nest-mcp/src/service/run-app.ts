import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { Env } from '../env/env.schema.js';
import { loadDotEnvFile } from '../env/dot-env.js';
import { loadEnv } from '../env/load-env.js';
import { logFormatOf } from '../env/mcp-options.factory.js';
import { bufferStdout } from './buffered-stdout.js';
import { createMcpApplication } from '../mcp-application.js';
import { describe } from '../protocol/handler-failure.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/**
 * The app with the one logger everything goes through: Nest's own
 * ConsoleLogger (JSON lines in production unless LOG_FORMAT says otherwise).
 */
async function createApp(rootModule: unknown, env: Env): Promise<NestExpressApplication> {
  const threshold = LEVELS.indexOf(env.LOG_LEVEL === 'info' ? 'log' : env.LOG_LEVEL);
  const json = logFormatOf(env) === 'json';
  return createMcpApplication(rootModule, {
    logger: new ConsoleLogger({ json, logLevels: LEVELS.slice(0, threshold + 1) }),
  });
}

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
    const app = await createApp(rootModule, env);
    await app.listen(env.PORT, env.HOST);
    return app;
  } catch (error) {
    console.error(`boot failed: ${describe(error)}`);
    process.exit(1);
  }
}

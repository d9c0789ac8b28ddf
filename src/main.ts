import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { AppModule } from './app.module.js';
import { createApp } from './bootstrap.js';
import { loadEnv } from './config/load-env.js';
import { bufferStdout } from './logging/buffered-stdout.js';
import { McpLifecycle } from './mcp/index.js';

try {
  const env = loadEnv();
  bufferStdout();
  const app = await createApp(AppModule, env);
  const shutdown = async (signal: string) => {
    new Logger('Shutdown').log(`${signal} received: draining for up to ${env.MCP_SHUTDOWN_GRACE_MS} ms`);
    await app.get(McpLifecycle).drain(env.MCP_SHUTDOWN_GRACE_MS);
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
  await app.listen(env.PORT, env.HOST);
} catch (error) {
  // A failed boot says what is wrong in one line; a stack helps no operator here.
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  console.error(`boot failed: ${name}: ${message}`);
  process.exit(1);
}

import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createApp } from '../../src/bootstrap.js';
import { loadEnv } from '../../src/config/load-env.js';
import { bufferStdout } from '../../src/logging/buffered-stdout.js';
import { McpLifecycle } from '../../src/mcp/index.js';
import { BenchModule } from './bench.module.js';

/** Boots the benchmark server exactly as `src/main.ts` boots the app: env, buffered stdout, logger, listen, draining SIGTERM. */
try {
  const env = loadEnv();
  bufferStdout();
  const app = await createApp(BenchModule, env);
  const shutdown = async (signal: string) => {
    new Logger('Shutdown').log(`${signal} received: draining for up to ${env.MCP_SHUTDOWN_GRACE_MS} ms`);
    await app.get(McpLifecycle).drain(env.MCP_SHUTDOWN_GRACE_MS);
    await app.close();
    process.exit(0);
  };
  process.once('SIGTERM', (signal) => void shutdown(signal));
  process.once('SIGINT', (signal) => void shutdown(signal));
  await app.listen(env.PORT, env.HOST);
  const address = app.getHttpServer().address() as { port: number };
  console.log(`bench app listening on http://${env.HOST}:${address.port}${env.MCP_PATH}`);
} catch (error) {
  const { name, message } = error instanceof Error ? error : new Error(String(error));
  console.error(`boot failed: ${name}: ${message}`);
  process.exit(1);
}

import { NestFactory } from '@nestjs/core';
import type { NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { bornWithExpressPrototypes } from './express-born-objects.js';

/**
 * Creates a Nest Express app ready to serve MCP: Nest's JSON body parser is
 * off because the MCP endpoint reads its own bodies (size limit, JSON-RPC
 * parse errors). Shutdown hooks are on: SIGTERM/SIGINT drain calls in flight
 * and close the app, then the process exits 0. Close it (`app.close()`) to end
 * sessions and streams.
 */
export async function createMcpApplication(
  rootModule: unknown,
  options: NestApplicationOptions = {},
): Promise<NestExpressApplication> {
  const app = await NestFactory.create<NestExpressApplication>(rootModule as never, {
    // Closing ends the connections still open (event streams already ended by closing the
    // sessions) instead of waiting out their keep-alive; drain first for calls in flight.
    forceCloseConnections: true,
    ...options,
    bodyParser: false,
  });
  // No framework banner on every response: it tells attackers what to try, and costs bytes.
  app.disable('x-powered-by');
  // SIGTERM/SIGINT close the app, and closing drains calls in flight (`shutdownGraceMs`); then exit 0.
  app.enableShutdownHooks(['SIGTERM', 'SIGINT'], { useProcessExit: true });
  bornWithExpressPrototypes(app.getHttpServer(), app.getHttpAdapter().getInstance());
  return app;
}

import { NestFactory } from '@nestjs/core';
import type { NestApplicationOptions } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { bornWithExpressPrototypes } from './express-born-objects.js';

/**
 * Creates a Nest Express app made for serving MCP, the fast path beside plain
 * `NestFactory.create` (which works too). What it does, all to this app only:
 * - Nest's JSON body parser off: the endpoint reads its own bodies after its
 *   guards (a refused request's body is never read), with its own limit
 *   (`maxRequestBodyBytes`) and JSON-RPC errors. The app's other routes then
 *   get no parsed body unless it turns a parser on (`app.useBodyParser('json')`;
 *   the endpoint then takes the body that parser read, as in a plain app).
 * - Requests and responses born with Express's prototypes (see
 *   `express-born-objects.ts`): about 3x the requests per second of a bare route.
 * - No `X-Powered-By` header; `forceCloseConnections` on, so `app.close()`
 *   ends open streams instead of waiting for them.
 * - Shutdown hooks on: SIGTERM/SIGINT drain calls in flight (`shutdownGraceMs`)
 *   and close the app, then the process exits 0.
 * Close it (`app.close()`) to end sessions and streams.
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

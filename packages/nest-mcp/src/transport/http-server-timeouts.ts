import { Server } from 'node:http';
import { Inject, Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';

/**
 * The HTTP server's own deadlines, set before it listens. Node's defaults let
 * any client hold a connection for a minute before its headers are in and
 * five minutes before its body is (with up to the body limit buffered); an
 * idle keep-alive connection lasts 5 s. Node checks the first two on an
 * interval (30 s by default), so that interval is scaled to the deadlines.
 * Streams are not affected: a request's deadline ends once it has arrived.
 * They are the server's, so they hold for the app's other routes too;
 * `httpTimeouts: false` leaves the server as the app made it.
 */
@Injectable()
export class HttpServerTimeouts implements OnApplicationBootstrap {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MCP_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  onApplicationBootstrap(): void {
    const server: unknown = this.adapterHost.httpAdapter?.getHttpServer();
    if (!(server instanceof Server) || this.options.httpTimeouts === false) return;
    const { headersMs, requestMs, keepAliveMs } = this.options.httpTimeouts;
    server.headersTimeout = headersMs;
    server.requestTimeout = requestMs;
    server.keepAliveTimeout = keepAliveMs;
    // Read when the server starts listening (after this hook).
    (server as Server & { connectionsCheckingInterval: number }).connectionsCheckingInterval = Math.max(
      100,
      Math.min(5_000, Math.floor(Math.min(headersMs, requestMs) / 4)),
    );
  }
}

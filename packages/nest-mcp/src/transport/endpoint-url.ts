import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';

/**
 * Where the MCP endpoint is served: the address the HTTP server is bound to
 * and the module's path. Taken from the server itself, never from a request's
 * `Host` header (a client must not choose the audience its token is checked
 * against).
 */
@Injectable()
export class EndpointUrl {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MCP_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  /** The endpoint's path (the module's `path` option). */
  get path(): string {
    return this.options.path;
  }

  /** The HTTP server, once the app has one. */
  get server(): Server | undefined {
    const server: unknown = this.adapterHost.httpAdapter?.getHttpServer();
    return server instanceof Server ? server : undefined;
  }

  /** `http://<bound address>:<bound port><path>`; undefined until the server listens on a TCP port. */
  get bound(): string | undefined {
    const address = this.server?.address();
    return typeof address === 'object' && address ? urlOf(address, this.path) : undefined;
  }
}

/** The endpoint's URL on a bound TCP address (IPv6 in brackets). */
export function urlOf({ address, family, port }: AddressInfo, path: string): string {
  return `http://${family === 'IPv6' ? `[${address}]` : address}:${port}${path}`;
}

import { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpRegistry } from '../registry/mcp.registry.js';

/**
 * Once the server listens, one log line says where the MCP endpoint is and
 * what it serves: the first thing an operator looks for, and the first sign
 * that a tool was not discovered.
 */
@Injectable()
export class EndpointAnnouncement implements OnApplicationBootstrap {
  private readonly logger = new Logger('McpEndpoint');

  constructor(
    private readonly adapterHost: HttpAdapterHost,
    private readonly registry: McpRegistry,
    @Inject(MCP_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  onApplicationBootstrap(): void {
    const server: unknown = this.adapterHost.httpAdapter?.getHttpServer();
    if (!(server instanceof Server)) return;
    server.once('listening', () => this.logger.log(this.announcement(server.address())));
  }

  private announcement(address: AddressInfo | string | null): string {
    const { path } = this.options;
    const where = typeof address === 'object' && address ? `http://${hostOf(address)}:${address.port}${path}` : path;
    const { tools, resources, resourceTemplates, prompts } = this.registry.counts;
    return `serving MCP at ${where}: ${count(tools, 'tool')}, ${count(resources, 'resource')}, ${count(resourceTemplates, 'resource template')}, ${count(prompts, 'prompt')}`;
  }
}

const hostOf = ({ address, family }: AddressInfo): string => (family === 'IPv6' ? `[${address}]` : address);

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

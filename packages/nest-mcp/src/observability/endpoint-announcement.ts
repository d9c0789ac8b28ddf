import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { McpRegistry } from '../registry/mcp.registry.js';
import { EndpointUrl } from '../transport/endpoint-url.js';

/**
 * Once the server listens, one log line says where the MCP endpoint is and
 * what it serves: the first thing an operator looks for, and the first sign
 * that a tool was not discovered.
 */
@Injectable()
export class EndpointAnnouncement implements OnApplicationBootstrap {
  private readonly logger = new Logger('McpEndpoint');

  constructor(
    private readonly endpoint: EndpointUrl,
    private readonly registry: McpRegistry,
  ) {}

  onApplicationBootstrap(): void {
    this.endpoint.server?.once('listening', () => this.logger.log(this.announcement()));
  }

  private announcement(): string {
    const where = this.endpoint.bound ?? this.endpoint.path;
    const { tools, resources, resourceTemplates, prompts } = this.registry.counts;
    return `serving MCP at ${where}: ${count(tools, 'tool')}, ${count(resources, 'resource')}, ${count(resourceTemplates, 'resource template')}, ${count(prompts, 'prompt')}`;
  }
}

const count = (n: number, noun: string): string => `${n} ${noun}${n === 1 ? '' : 's'}`;

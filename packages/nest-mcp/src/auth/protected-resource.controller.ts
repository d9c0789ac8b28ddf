import { Controller, Get, Header, NotFoundException } from '@nestjs/common';
import { McpAuthService } from './mcp-auth.service.js';
import { McpRegistry } from '../registry/mcp.registry.js';

/**
 * RFC 9728 protected-resource metadata, at the root and at the path-suffixed
 * location (`/.well-known/oauth-protected-resource/mcp`) clients derive from
 * the endpoint URL. Served only while auth is on.
 */
@Controller('.well-known/oauth-protected-resource')
export class ProtectedResourceController {
  constructor(
    private readonly auth: McpAuthService,
    private readonly registry: McpRegistry,
  ) {}

  @Get()
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Access-Control-Allow-Origin', '*')
  root() {
    return this.metadata();
  }

  @Get('*path')
  @Header('Cache-Control', 'public, max-age=300')
  @Header('Access-Control-Allow-Origin', '*')
  forPath() {
    return this.metadata();
  }

  private metadata() {
    if (!this.auth.enabled) throw new NotFoundException();
    const authorizationServers = this.auth.authorizationServers;
    return {
      resource: this.auth.resourceUrl,
      // Optional (RFC 9728): an empty list would send clients to look for a server that is not there.
      ...(authorizationServers.length > 0 && { authorization_servers: authorizationServers }),
      scopes_supported: this.registry.requiredScopes(),
      bearer_methods_supported: ['header'],
      resource_name: 'MCP server',
    };
  }
}

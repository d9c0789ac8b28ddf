import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { McpAuthService, type AuthenticatedRequest } from './mcp-auth.service.js';

/** Guards the MCP controller: every request is authenticated before it reaches the SDK. */
@Injectable()
export class McpAuthGuard implements CanActivate {
  constructor(private readonly auth: McpAuthService) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    if (context.getType() !== 'http') return true;
    await this.auth.authenticate(context.switchToHttp().getRequest<AuthenticatedRequest>());
    return true;
  }
}

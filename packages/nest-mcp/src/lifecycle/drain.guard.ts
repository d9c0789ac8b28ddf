import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { McpRefusal } from '../errors/refusals.js';
import { McpLifecycle } from './mcp-lifecycle.service.js';

/** While the server drains, new MCP requests get 503 and a hint to come back (to another instance). */
@Injectable()
export class DrainGuard implements CanActivate {
  constructor(private readonly lifecycle: McpLifecycle) {}

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() === 'http' && this.lifecycle.isDraining) {
      throw new McpRefusal('unavailable', 'Service unavailable: the server is shutting down', {
        'Retry-After': '5',
      });
    }
    return true;
  }
}

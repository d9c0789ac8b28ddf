import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { MCP_ROLES_METADATA } from '../mcp.constants.js';
import type { McpPrincipal } from './principal.js';

/** Requires one of these roles (from the token's `roles` or Keycloak's `realm_access.roles`). */
export const Roles = (...roles: string[]): MethodDecorator & ClassDecorator => SetMetadata(MCP_ROLES_METADATA, roles);

/**
 * An ordinary Nest guard, usable with `@UseGuards(RolesGuard)` on tool
 * methods and on HTTP routes alike: the principal is `request.user`.
 */
@Injectable()
export class RolesGuard implements CanActivate {
  constructor(private readonly reflector: Reflector) {}

  canActivate(context: ExecutionContext): boolean {
    const required = this.reflector.getAllAndOverride<string[] | undefined>(MCP_ROLES_METADATA, [
      context.getHandler(),
      context.getClass(),
    ]);
    if (!required || required.length === 0) return true;
    const principal = context.switchToHttp().getRequest<{ user?: McpPrincipal }>()?.user;
    return principal !== undefined && required.some((role) => principal.roles.includes(role));
  }
}

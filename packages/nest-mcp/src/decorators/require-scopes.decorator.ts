import { SetMetadata } from '@nestjs/common';
import { MCP_SCOPES_METADATA } from '../mcp.constants.js';

/** The OAuth scopes a tool, resource or prompt needs: all of them (default) or any one. */
export interface ScopeRequirement {
  scopes: string[];
  match: 'all' | 'any';
}

/**
 * Requires OAuth scopes for an MCP handler. A caller without them gets
 * `403` with `error="insufficient_scope"` (step-up), and does not see the
 * handler in its lists.
 */
export const RequireScopes = (scopes: string | string[], options: { match?: 'all' | 'any' } = {}): MethodDecorator =>
  SetMetadata(MCP_SCOPES_METADATA, {
    scopes: typeof scopes === 'string' ? [scopes] : scopes,
    match: options.match ?? 'all',
  } satisfies ScopeRequirement);

import type { AuthInfo } from '@modelcontextprotocol/server';
import type { McpPrincipal } from './principal.js';

/** The principal the auth guard stored in the SDK's `AuthInfo`, if any. */
export const principalOf = (authInfo: AuthInfo | undefined): McpPrincipal | undefined =>
  authInfo?.extra?.principal as McpPrincipal | undefined;

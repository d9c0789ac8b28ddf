import type { z } from 'zod';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import { mcpOptionsSchema, type ResolvedMcpOptions } from './mcp-options.schema.js';

/** A bad `McpModule` option: the message names each one and its rule, never its value (it may be a secret). */
export class InvalidMcpOptionsError extends Error {
  override name = 'InvalidMcpOptionsError';
}

/** What the module says when it refuses to serve production traffic to anyone who asks. */
export const INSECURE_PRODUCTION_MESSAGE =
  'authentication is off under NODE_ENV=production; configure a key, or set MCP_ALLOW_INSECURE=true (option allowInsecure)';

/** Validates and defaults the module's options, or throws naming every bad one. */
export function resolveMcpOptions(options: McpModuleOptions, nodeEnv = process.env.NODE_ENV): ResolvedMcpOptions {
  const parsed = mcpOptionsSchema.safeParse(options);
  if (!parsed.success) {
    const problems = parsed.error.issues.flatMap(describeIssue);
    throw new InvalidMcpOptionsError(`McpModule options: ${problems.join('; ')}`);
  }
  const resolved = withBridgeAuth(parsed.data);
  if (resolved.auth?.mode !== 'jwt' && nodeEnv === 'production' && !resolved.allowInsecure) {
    throw new InvalidMcpOptionsError(`McpModule options: auth: ${INSECURE_PRODUCTION_MESSAGE}`);
  }
  return resolved;
}

/**
 * The bridge turns auth on, and its tokens are then the only bearer tokens
 * accepted: a key for other tokens beside it is a configuration mistake.
 */
function withBridgeAuth(resolved: ResolvedMcpOptions): ResolvedMcpOptions {
  if (!resolved.oauthBridge) return resolved;
  const auth = resolved.auth;
  const foreignKey = (['secret', 'publicKey', 'jwksUrl', 'issuer'] as const).find((key) => auth?.[key] !== undefined);
  if (foreignKey) {
    throw new InvalidMcpOptionsError(
      `McpModule options: auth.${foreignKey}: cannot be combined with oauthBridge (bearer tokens are then only the bridge's own)`,
    );
  }
  if (auth?.mode === 'none') {
    throw new InvalidMcpOptionsError('McpModule options: auth.mode: oauthBridge needs auth on (jwt), not none');
  }
  return { ...resolved, auth: { ...auth, mode: 'jwt' } };
}

/** One line per problem, `path: rule`; a key the schema does not know is named as not an option. */
function describeIssue(issue: z.core.$ZodIssue): string[] {
  const at = (key?: PropertyKey) => [...issue.path, ...(key === undefined ? [] : [key])].map(String).join('.');
  if (issue.code === 'unrecognized_keys') return issue.keys.map((key) => `${at(key)}: is not an option`);
  return [`${at() || '(options)'}: ${issue.message}`];
}

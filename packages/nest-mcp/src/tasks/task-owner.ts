import { callerKey } from '../auth/caller-key.js';
import { principalOf } from '../auth/principal-of.js';
import type { McpPrincipal } from '../auth/principal.js';
import type { CallSite } from '../protocol/call-site.js';
import { requestOf } from '../protocol/call-site.js';

/**
 * Whom a task belongs to: the authenticated principal; without auth, a
 * 2025-era session (so a client never sees another's tasks in `tasks/list`),
 * else the client's address. Anyone else is told the task does not exist.
 */
export function taskOwner(
  principal: McpPrincipal | undefined,
  sessionId: string | undefined,
  ip: string | undefined,
): string {
  if (principal) return callerKey(principal, undefined);
  if (sessionId) return `session:${sessionId}`;
  return callerKey(undefined, ip);
}

/** The owner of the tasks a request creates or asks about. */
export const taskOwnerOf = (site: Pick<CallSite, 'sdk'>): string =>
  taskOwner(principalOf(site.sdk.http?.authInfo), site.sdk.sessionId, requestOf(site)?.ip);

import { callerKey } from '../auth/caller-key.js';
import { principalOf } from '../auth/principal-of.js';
import type { CallSite } from '../protocol/call-site.js';
import { requestOf } from '../protocol/call-site.js';

/**
 * Whom a task belongs to: the authenticated principal; without auth, a
 * 2025-era session (so a client never sees another's tasks in `tasks/list`),
 * else the client's address. Anyone else is told the task does not exist.
 */
export function taskOwnerOf(site: Pick<CallSite, 'sdk'>): string {
  const principal = principalOf(site.sdk.http?.authInfo);
  if (principal) return callerKey(principal, undefined);
  if (site.sdk.sessionId) return `session:${site.sdk.sessionId}`;
  return callerKey(undefined, requestOf(site)?.ip);
}

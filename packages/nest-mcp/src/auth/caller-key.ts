import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';
import type { McpPrincipal } from './principal.js';

/**
 * Whom a caller counts as, for rate limits, for what it can make the server
 * hold and for what is bound to it: the principal's subject when
 * authenticated, else the client IP (IPv4-mapped IPv6 as IPv4; behind proxies
 * only as Express's `trust proxy` allows).
 */
export function callerKey(principal: McpPrincipal | undefined, ip: string | undefined): string {
  return principal ? `sub:${principal.subject}` : `ip:${normalizeIp(ip ?? 'unknown')}`;
}

/** The caller key of an Express request that went through authentication. */
export const callerKeyOf = (req: Pick<Request, 'ip'> & { user?: McpPrincipal }): string => callerKey(req.user, req.ip);

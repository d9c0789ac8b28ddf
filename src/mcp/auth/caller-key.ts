import { normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';
import type { McpPrincipal } from './principal.js';

/**
 * Who a request counts against, for rate limits and for everything a caller
 * can make the server hold: the principal's subject when authenticated, else
 * the client IP (IPv4-mapped IPv6 as IPv4; proxies only as Express's
 * `trust proxy` allows).
 */
export function callerKeyOf(req: Pick<Request, 'ip'> & { user?: McpPrincipal }): string {
  if (req.user) return `sub:${req.user.subject}`;
  return `ip:${normalizeIp(req.ip ?? 'unknown')}`;
}

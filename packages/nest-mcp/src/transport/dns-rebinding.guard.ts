import { Inject, Injectable, Logger, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { validateHostHeader, validateOriginHeader } from '@modelcontextprotocol/server';
import type { Request } from 'express';
import { McpRefusal } from '../errors/refusals.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';

/**
 * DNS-rebinding protection: the `Host` and `Origin` of every MCP request must
 * be on their allow-lists (hostnames, port-agnostic). A request without
 * `Origin` (a non-browser client) passes the origin check.
 */
@Injectable()
export class DnsRebindingGuard implements CanActivate {
  private readonly allowedHosts?: string[];
  private readonly allowedOrigins: string[];
  /** Verdicts by `Host` value: clients send the same few on every request, and parsing one takes a URL. */
  private readonly hostVerdicts = new Map<string, ReturnType<typeof validateHostHeader>>();

  constructor(@Inject(MCP_OPTIONS) options: ResolvedMcpOptions) {
    const hosts = options.allowedHosts;
    this.allowedHosts = hosts === false ? undefined : hosts;
    this.allowedOrigins = options.allowedOrigins;
    if (hosts === false) {
      new Logger('McpSecurity').warn('Host header checking is OFF (MCP_ALLOWED_HOSTS unset on a non-loopback bind)');
    }
  }

  canActivate(context: ExecutionContext): boolean {
    if (context.getType() !== 'http') return true;
    const req = context.switchToHttp().getRequest<Request>();
    if (this.allowedHosts) {
      const host = this.checkHost(req.headers.host, this.allowedHosts);
      if (!host.ok) throw new McpRefusal('forbidden', `Forbidden: ${host.message}`);
    }
    const origin = validateOriginHeader(req.headers.origin, this.allowedOrigins);
    if (!origin.ok) throw new McpRefusal('forbidden', `Forbidden: ${origin.message}`);
    return true;
  }

  private checkHost(host: string | undefined, allowed: string[]): ReturnType<typeof validateHostHeader> {
    if (host === undefined) return validateHostHeader(host, allowed);
    let verdict = this.hostVerdicts.get(host);
    if (verdict === undefined) {
      // Bounded: a client cycling through Host values only ever costs the parse.
      if (this.hostVerdicts.size >= MAX_REMEMBERED_HOSTS) this.hostVerdicts.clear();
      verdict = validateHostHeader(host, allowed);
      this.hostVerdicts.set(host, verdict);
    }
    return verdict;
  }
}

const MAX_REMEMBERED_HOSTS = 256;

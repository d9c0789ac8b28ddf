import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Inject, Req, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpMetrics } from './mcp-metrics.service.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/** Prometheus text at `/metrics`; behind a bearer token when `metricsToken` is set. */
@Controller('metrics')
export class MetricsController {
  private readonly tokenDigest?: Buffer;

  constructor(
    private readonly metrics: McpMetrics,
    @Inject(MCP_OPTIONS) options: ResolvedMcpOptions,
  ) {
    this.tokenDigest = options.metricsToken ? digest(options.metricsToken) : undefined;
  }

  @Get()
  @Header('Cache-Control', 'no-store')
  async scrape(@Req() req: Request): Promise<string> {
    if (this.tokenDigest) {
      const presented = /^Bearer (.+)$/.exec(req.header('authorization') ?? '')?.[1] ?? '';
      if (!timingSafeEqual(digest(presented), this.tokenDigest)) throw new UnauthorizedException();
    }
    req.res?.type(this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}

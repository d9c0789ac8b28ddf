import { createHash, timingSafeEqual } from 'node:crypto';
import { Controller, Get, Header, Inject, Req, UnauthorizedException } from '@nestjs/common';
import type { Request } from 'express';
import { Registry } from 'prom-client';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpMetrics } from './mcp-metrics.service.js';
import { prefersOpenMetrics, renderOpenMetrics } from './open-metrics.js';

const digest = (value: string) => createHash('sha256').update(value).digest();

/**
 * Prometheus text at `/metrics`, or OpenMetrics (with exemplars, when tracing)
 * to a scraper that prefers it; behind a bearer token when `metricsToken` is set.
 */
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
    const { registry } = this.metrics;
    req.res?.vary('Accept');
    if (prefersOpenMetrics(req.header('accept'))) {
      req.res?.type(Registry.OPENMETRICS_CONTENT_TYPE);
      return renderOpenMetrics(registry);
    }
    req.res?.type(registry.contentType);
    return registry.metrics();
  }
}

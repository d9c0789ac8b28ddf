import { Controller, Delete, Get, HttpCode, Post, Req, Res, UseFilters, UseGuards } from '@nestjs/common';
import type { Request, Response } from 'express';
import { McpAuthGuard } from '../auth/mcp-auth.guard.js';
import { DnsRebindingGuard } from './dns-rebinding.guard.js';
import { DrainGuard } from '../lifecycle/drain.guard.js';
import { McpThrottlerGuard } from '../throttling/mcp-throttler.guard.js';
import { McpExceptionFilter } from './mcp-exception.filter.js';
import { McpEndpoint } from './mcp-endpoint.js';

/**
 * The Streamable HTTP endpoint, both eras. A real controller so that guards
 * and interceptors apply to it like to any route; its path comes from the
 * module options (set by `McpModule` before routes are resolved).
 */
@Controller()
@UseGuards(DrainGuard, DnsRebindingGuard, McpAuthGuard, McpThrottlerGuard)
@UseFilters(McpExceptionFilter)
export class McpController {
  constructor(private readonly endpoint: McpEndpoint) {}

  @Post()
  // The SDK sets each answer's status; until it does (a client gone before any byte), the log says 200, not Nest's 201.
  @HttpCode(200)
  post(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.endpoint.handle(req, res);
  }

  @Get()
  stream(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.endpoint.handle(req, res);
  }

  @Delete()
  terminate(@Req() req: Request, @Res() res: Response): Promise<void> {
    return this.endpoint.handle(req, res);
  }
}

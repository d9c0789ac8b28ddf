import { Injectable, type ExecutionContext } from '@nestjs/common';
import {
  InjectThrottlerOptions,
  InjectThrottlerStorage,
  ThrottlerException,
  ThrottlerGuard,
  type ThrottlerLimitDetail,
  type ThrottlerModuleOptions,
  type ThrottlerStorage,
} from '@nestjs/throttler';
import type { ServerResponse } from 'node:http';
import type { Request } from 'express';
import { callerKeyOf } from '../auth/caller-key.js';
import { McpRefusal } from '../errors/refusals.js';
import { MCP_CONTEXT_TYPE } from '../mcp.constants.js';
import { McpMetrics } from '../observability/mcp-metrics.service.js';
import { MemoizedReflector } from './memoized-reflector.js';

/** Headers cannot be set on an exchange that is already streaming; tool-level limits answer in JSON-RPC. */
const NO_RESPONSE = { header: () => undefined };

/**
 * `@nestjs/throttler` for MCP: the tracker is the principal's subject when
 * authenticated, else the client IP (IPv4-mapped IPv6 as IPv4; proxies only
 * as Express's `trust proxy` allows). On the endpoint every request counts
 * against one limit per caller; on a tool method with `@Throttle`, calls count
 * per caller and tool. Over the endpoint limit: 429 with `Retry-After` and a
 * JSON-RPC error body; over a tool's limit: a JSON-RPC error for that call.
 */
@Injectable()
export class McpThrottlerGuard extends ThrottlerGuard {
  constructor(
    @InjectThrottlerOptions() options: ThrottlerModuleOptions,
    @InjectThrottlerStorage() storage: ThrottlerStorage,
    private readonly metrics: McpMetrics,
  ) {
    super(options, storage, new MemoizedReflector());
  }

  protected override async getTracker(req: Record<string, unknown>): Promise<string> {
    return callerKeyOf(req as unknown as Request);
  }

  protected override generateKey(context: ExecutionContext, tracker: string, throttler: string): string {
    if (context.getType<string>() === MCP_CONTEXT_TYPE) {
      return `mcp:tool:${context.getClass().name}.${context.getHandler().name}:${throttler}:${tracker}`;
    }
    return `mcp:endpoint:${throttler}:${tracker}`;
  }

  protected override getRequestResponse(context: ExecutionContext) {
    if (context.getType<string>() === MCP_CONTEXT_TYPE) {
      return { req: context.getArgByIndex<Record<string, unknown>>(0) ?? {}, res: NO_RESPONSE };
    }
    return super.getRequestResponse(context);
  }

  /** Node's own `setHeader`: Express's `res.header()` re-checks every value for a content type, three times a request. */
  protected override setResponseHeader(res: Record<string, unknown>, name: string, value: string | number): void {
    if (typeof res.setHeader === 'function') (res as unknown as ServerResponse).setHeader(name, String(value));
    else super.setResponseHeader(res, name, value);
  }

  protected override async throwThrottlingException(
    context: ExecutionContext,
    detail: ThrottlerLimitDetail,
  ): Promise<void> {
    const onTool = context.getType<string>() === MCP_CONTEXT_TYPE;
    this.metrics.throttled.inc({ scope: onTool ? 'tool' : 'endpoint' });
    if (onTool)
      throw new ThrottlerException(`Rate limit exceeded for this tool; retry in ${detail.timeToBlockExpire} s`);
    throw new McpRefusal('tooManyRequests', 'Too many requests', { 'Retry-After': String(detail.timeToBlockExpire) });
  }
}

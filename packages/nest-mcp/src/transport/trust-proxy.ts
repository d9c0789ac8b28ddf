import { Inject, Injectable, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';

/**
 * Applies the `trustProxy` option to the Express app: client IPs (rate limits,
 * logs) come from `X-Forwarded-For` only behind the proxies the operator names.
 * `false` leaves the app's own setting alone.
 */
@Injectable()
export class TrustProxy implements OnModuleInit {
  constructor(
    private readonly adapterHost: HttpAdapterHost,
    @Inject(MCP_OPTIONS) private readonly options: ResolvedMcpOptions,
  ) {}

  onModuleInit(): void {
    if (this.options.trustProxy === false) return;
    const instance: unknown = this.adapterHost.httpAdapter?.getInstance();
    const express = instance as { set?: (name: string, value: unknown) => void } | undefined;
    express?.set?.('trust proxy', this.options.trustProxy);
  }
}

import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { McpRefusal } from '../errors/refusals.js';
import { MCP_MODULE_OPTIONS } from '../mcp.module-definition.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import { TenantLedger } from './tenant-ledger.js';

export const DEFAULT_STREAM_LIMITS = { maxStreams: 10_000, maxStreamsPerPrincipal: 20 };

/**
 * Bounds the long-lived streams (2025 GET streams, 2026-07-28
 * `subscriptions/listen`) per caller and in all. A caller at its own bound is
 * refused (429); at the global bound, the caller holding the most loses its
 * oldest stream (its client reconnects), so no caller can take every slot.
 */
@Injectable()
export class StreamQuota {
  private readonly open = new TenantLedger<Response>();
  readonly total: number;
  private readonly perCaller: number;

  constructor(@Inject(MCP_MODULE_OPTIONS) options: McpModuleOptions) {
    this.total = options.maxStreams ?? DEFAULT_STREAM_LIMITS.maxStreams;
    this.perCaller = options.maxStreamsPerPrincipal ?? DEFAULT_STREAM_LIMITS.maxStreamsPerPrincipal;
  }

  /** Streams open now. */
  get size(): number {
    return this.open.size;
  }

  /** Counts `res` as one of `caller`'s streams until it closes, or throws the 429 that refuses it. */
  admit(caller: string, res: Response): void {
    if (this.open.countOf(caller) >= this.perCaller) {
      throw new McpRefusal('tooManyRequests', `Too many open streams for this caller (at most ${this.perCaller})`, {
        'Retry-After': '10',
      });
    }
    if (this.open.size >= this.total) this.endOldestOfLargest();
    this.open.touch(caller, res, true);
    res.once('close', () => this.open.delete(res));
  }

  private endOldestOfLargest(): void {
    const oldest = this.open.oldestOfLargest();
    if (!oldest) return;
    this.open.delete(oldest);
    oldest.destroy();
  }
}

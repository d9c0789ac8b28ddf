import { Inject, Injectable } from '@nestjs/common';
import type { Response } from 'express';
import { McpRefusal } from '../errors/refusals.js';
import { McpMetrics, type StreamKind } from '../observability/mcp-metrics.service.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { TenantLedger } from './tenant-ledger.js';

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
  private readonly byKind: Record<StreamKind, number> = { get: 0, listen: 0 };

  constructor(@Inject(MCP_OPTIONS) options: ResolvedMcpOptions, metrics: McpMetrics) {
    this.total = options.maxStreams;
    this.perCaller = options.maxStreamsPerPrincipal;
    metrics.openStreams = () => ({ ...this.byKind });
    metrics.principalMaxima.set('streams', () => this.open.most());
  }

  /** Streams open now. */
  get size(): number {
    return this.open.size;
  }

  /** Counts `res` as one of `caller`'s streams until it closes, or throws the 429 that refuses it. */
  admit(caller: string, res: Response, kind: StreamKind): void {
    if (this.open.countOf(caller) >= this.perCaller) {
      throw new McpRefusal('tooManyRequests', `Too many open streams for this caller (at most ${this.perCaller})`, {
        'Retry-After': '10',
      });
    }
    if (this.open.size >= this.total) this.endOldestOfLargest();
    this.open.touch(caller, res, true);
    this.byKind[kind]++;
    res.once('close', () => {
      this.open.delete(res);
      this.byKind[kind]--;
    });
  }

  private endOldestOfLargest(): void {
    const oldest = this.open.oldestOfLargest();
    if (!oldest) return;
    this.open.delete(oldest);
    oldest.destroy();
  }
}

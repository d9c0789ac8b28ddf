import type { OnApplicationShutdown } from '@nestjs/common';
import { RecencyMap } from '../../transport/recency-map.js';
import { TenantLedger } from '../../transport/tenant-ledger.js';
import { tenantOf, type SessionRecord, type SessionStore } from './session.store.js';

interface Held {
  record: SessionRecord;
  expiresAt: number;
}

export interface InMemorySessionStoreOptions {
  /** Records held at most, in all (past it, the caller holding the most loses its least recently used). */
  maxSessions: number;
  /** How often expired records are dropped. Default 1 s. */
  sweepEveryMs?: number;
  /** Told of each record dropped because it expired (its session's events can go). */
  onExpired?: (id: string) => void;
}

/**
 * Session records in this process (one instance): bounded per caller and in
 * all, with the fairness of the instance's other bounds (a caller past its own
 * bound loses its own least recently used record; at the bound in all, the
 * caller holding the most does). Records expire `ttlMs` after their last
 * touch: an expired one is gone for every method at once, and dropped by a
 * sweep, so memory follows the sessions alive.
 */
export class InMemorySessionStore implements SessionStore, OnApplicationShutdown {
  /** Every record, least recently touched first (the order they expire in). */
  private readonly records = new RecencyMap<string, Held>();
  private readonly tenants = new TenantLedger<string>();
  private readonly sweeper: NodeJS.Timeout;

  constructor(private readonly options: InMemorySessionStoreOptions) {
    this.sweeper = setInterval(() => this.sweep(), options.sweepEveryMs ?? 1_000).unref();
  }

  get size(): number {
    return this.records.size;
  }

  async create(record: SessionRecord, ttlMs: number, maxPerTenant: number): Promise<string[]> {
    this.sweep();
    const tenant = tenantOf(record);
    const evicted: string[] = [];
    const evict = (id: string | undefined) => {
      if (id === undefined) return;
      this.drop(id);
      evicted.push(id);
    };
    while (this.tenants.countOf(tenant) >= maxPerTenant) evict(this.tenants.oldestOf(tenant)?.[0]);
    while (this.records.size >= this.options.maxSessions) evict(this.tenants.oldestOfLargest());
    this.records.touch(record.id, { record: copyOf(record), expiresAt: Date.now() + ttlMs });
    this.tenants.touch(tenant, record.id, true);
    return evicted;
  }

  async load(id: string): Promise<SessionRecord | undefined> {
    const held = this.alive(id);
    return held && copyOf(held.record);
  }

  async touch(id: string, ttlMs: number): Promise<boolean> {
    const held = this.alive(id);
    if (!held) return false;
    held.expiresAt = Date.now() + ttlMs;
    this.records.touch(id, held);
    this.tenants.touch(tenantOf(held.record), id, true);
    return true;
  }

  async update(id: string, patch: Partial<Pick<SessionRecord, 'logLevel' | 'subscriptions'>>): Promise<void> {
    const held = this.alive(id);
    if (held) held.record = copyOf({ ...held.record, ...patch });
  }

  async delete(id: string): Promise<void> {
    this.drop(id);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  private alive(id: string): Held | undefined {
    const held = this.records.get(id);
    return held && held.expiresAt > Date.now() ? held : undefined;
  }

  /** Drops the expired records, oldest first (a touch moves a record to the end, so they lead). */
  private sweep(): void {
    const now = Date.now();
    for (const [id, held] of this.records) {
      if (held.expiresAt > now) break;
      this.drop(id);
      this.options.onExpired?.(id);
    }
  }

  private drop(id: string): void {
    this.records.delete(id);
    this.tenants.delete(id);
  }
}

/** A record the caller may change without changing the store's (only `update` does). */
const copyOf = (record: SessionRecord): SessionRecord => ({ ...record, subscriptions: [...record.subscriptions] });

import { RecencyMap } from './recency-map.js';

/**
 * What each caller holds (sessions, streams), least recently used first per
 * caller, so that bounds are kept per caller: one over its own bound gives up
 * its own oldest, and at the global bound the caller holding the most does,
 * never a caller holding little.
 */
export class TenantLedger<K, V = true> {
  private readonly byTenant = new Map<string, RecencyMap<K, V>>();
  private readonly tenantOf = new Map<K, string>();

  /** Items held in all. */
  get size(): number {
    return this.tenantOf.size;
  }

  countOf(tenant: string): number {
    return this.byTenant.get(tenant)?.size ?? 0;
  }

  has(key: K): boolean {
    return this.tenantOf.has(key);
  }

  /** Records (or renews) `key` as held by `tenant`, as its most recently used. */
  touch(tenant: string, key: K, value: V): void {
    const previous = this.tenantOf.get(key);
    if (previous !== undefined && previous !== tenant) this.delete(key);
    let held = this.byTenant.get(tenant);
    if (!held) this.byTenant.set(tenant, (held = new RecencyMap()));
    held.touch(key, value);
    this.tenantOf.set(key, tenant);
  }

  delete(key: K): void {
    const tenant = this.tenantOf.get(key);
    if (tenant === undefined) return;
    this.tenantOf.delete(key);
    const held = this.byTenant.get(tenant)!;
    held.delete(key);
    if (held.size === 0) this.byTenant.delete(tenant);
  }

  /** The tenant's least recently used item. */
  oldestOf(tenant: string): [K, V] | undefined {
    const held = this.byTenant.get(tenant);
    const key = held?.oldest();
    return key === undefined ? undefined : [key, held!.get(key)!];
  }

  /** The tenant holding the most (the first of them, on a tie). Walks the tenants: only for the global bound. */
  largest(): string | undefined {
    let largest: string | undefined;
    let most = 0;
    for (const [tenant, held] of this.byTenant) {
      if (held.size > most) [largest, most] = [tenant, held.size];
    }
    return largest;
  }

  /** How much the tenant holding the most holds. Walks the tenants: for a scrape, not a request. */
  most(): number {
    let most = 0;
    for (const held of this.byTenant.values()) most = Math.max(most, held.size);
    return most;
  }

  /** The least recently used item of the tenant holding the most: what gives way at a global bound. */
  oldestOfLargest(): K | undefined {
    const largest = this.largest();
    return largest === undefined ? undefined : this.oldestOf(largest)?.[0];
  }
}

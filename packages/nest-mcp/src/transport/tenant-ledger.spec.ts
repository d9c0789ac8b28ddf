import { describe, expect, it } from 'vitest';
import { TenantLedger } from './tenant-ledger.js';

describe('TenantLedger', () => {
  it('counts per tenant, oldest first, and renews on touch', () => {
    const ledger = new TenantLedger<string>();
    ledger.touch('alice', 'a1', true);
    ledger.touch('alice', 'a2', true);
    ledger.touch('bob', 'b1', true);
    ledger.touch('alice', 'a1', true);
    expect(ledger.size).toBe(3);
    expect(ledger.countOf('alice')).toBe(2);
    expect(ledger.oldestOf('alice')?.[0]).toBe('a2');
    expect(ledger.largest()).toBe('alice');
  });

  it('forgets items and empty tenants', () => {
    const ledger = new TenantLedger<string>();
    ledger.touch('alice', 'a1', true);
    ledger.delete('a1');
    ledger.delete('unknown');
    expect(ledger.size).toBe(0);
    expect(ledger.countOf('alice')).toBe(0);
    expect(ledger.oldestOf('alice')).toBeUndefined();
    expect(ledger.largest()).toBeUndefined();
  });

  it('moves an item touched by another tenant', () => {
    const ledger = new TenantLedger<string>();
    ledger.touch('alice', 'x', true);
    ledger.touch('bob', 'x', true);
    expect(ledger.countOf('alice')).toBe(0);
    expect(ledger.countOf('bob')).toBe(1);
  });
});

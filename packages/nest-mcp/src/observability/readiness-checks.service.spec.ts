import { describe, expect, it } from 'vitest';
import { ReadinessChecks } from './readiness-checks.service.js';

describe('ReadinessChecks', () => {
  it('names the failing checks: false, rejected, or thrown at once', async () => {
    const checks = new ReadinessChecks();
    checks.add('ok', () => true);
    checks.add('async-ok', async () => true);
    checks.add('down', () => false);
    checks.add('rejects', () => Promise.reject(new Error('no')));
    checks.add('throws', () => {
      throw new Error('no');
    });
    expect(await checks.failing()).toEqual(['down', 'rejects', 'throws']);
  });
});

describe('ReadinessChecks deadlines', () => {
  it('fails a check that does not answer within its deadline, and answers in time', async () => {
    const checks = new ReadinessChecks();
    checks.add('hangs', () => new Promise<boolean>(() => undefined), 50);
    checks.add('slow-but-in-time', () => new Promise<boolean>((resolve) => setTimeout(() => resolve(true), 10)), 500);
    const started = Date.now();
    expect(await checks.failing()).toEqual(['hangs']);
    expect(Date.now() - started).toBeLessThan(400);
  });
});

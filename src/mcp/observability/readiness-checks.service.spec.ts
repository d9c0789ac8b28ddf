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

import { Counter, Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { prefersOpenMetrics, renderOpenMetrics } from './open-metrics.js';

describe('prefersOpenMetrics', () => {
  it.each([
    [undefined, false],
    ['*/*', false],
    ['text/plain;version=0.0.4', false],
    ['application/openmetrics-text;version=1.0.0,text/plain;version=0.0.4;q=0.5,*/*;q=0.1', true],
    ['application/openmetrics-text; version=0.0.1; q=0.75, text/plain; q=0.5', true],
    ['text/plain;q=1, application/openmetrics-text;q=0.2', false],
    ['application/openmetrics-text;q=0', false],
    ['application/openmetrics-text;q=abc', false],
  ])('%s -> %s', (accept, expected) => {
    expect(prefersOpenMetrics(accept)).toBe(expected);
  });
});

describe('renderOpenMetrics', () => {
  it("renders counters as OpenMetrics families and leaves the registry's Prometheus text as it was", async () => {
    const registry = new Registry();
    new Counter({ name: 'calls_total', help: 'Calls', registers: [registry] }).inc(2);
    const before = await registry.metrics();
    expect(await renderOpenMetrics(registry)).toBe('# HELP calls Calls\n# TYPE calls counter\ncalls_total 2\n# EOF\n');
    expect(await registry.metrics()).toBe(before);
    expect(before).toContain('# TYPE calls_total counter');
  });
});

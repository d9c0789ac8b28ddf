import { describe as suite, expect, it } from 'vitest';
import { describe } from './handler-failure.js';

suite('describe (the log form of an error)', () => {
  it('keeps the class and message, masks secrets, and drops the stack', () => {
    const error = new Error('connect ECONNREFUSED password=hunter2 token: "abc def" with Bearer eyJhbGciOi.x.y');
    const text = describe(error);
    expect(text).toBe('Error: connect ECONNREFUSED password=[redacted] token: [redacted] with Bearer [redacted]');
    expect(text).not.toContain('at ');
  });
});

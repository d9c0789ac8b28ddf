import { describe, expect, it } from 'vitest';
import { describeBody } from './exchange.js';
import { redact } from './redact.js';

describe('describeBody', () => {
  it('names the method and target of a message, and counts a batch', () => {
    expect(describeBody({ method: 'tools/call', params: { name: 'search' } })).toEqual({
      method: 'tools/call',
      target: 'search',
    });
    expect(describeBody({ method: 'resources/read', params: { uri: 'notes://1' } })).toMatchObject({
      target: 'notes://1',
    });
    expect(describeBody([{ method: 'ping' }, { method: 'ping' }]).method).toBe('ping (+1)');
    expect(describeBody({ id: 1, result: {} }).method).toBe('response');
    expect(describeBody(undefined)).toEqual({});
  });
});

describe('redact', () => {
  it('masks secret-looking keys at any depth and leaves the rest', () => {
    expect(redact({ query: 'milk', apiKey: 'k', nested: { password: 'p', list: [{ token: 't', n: 1 }] } })).toEqual({
      query: 'milk',
      apiKey: '[redacted]',
      nested: { password: '[redacted]', list: [{ token: '[redacted]', n: 1 }] },
    });
  });
});

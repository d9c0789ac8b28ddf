import type { Request } from 'express';
import { describe, expect, it } from 'vitest';
import { bindRequest, expressRequestOf } from './request-scope.js';

describe('request scope', () => {
  it('finds the Express request a web request was bound to, and nothing for another', () => {
    const web = new globalThis.Request('http://localhost/mcp', { method: 'POST', body: '{}' });
    const other = new globalThis.Request('http://localhost/mcp');
    const req = { headers: {} } as Request;
    bindRequest(web, req);
    expect(expressRequestOf(web)).toBe(req);
    expect(expressRequestOf(other)).toBeUndefined();
    expect(expressRequestOf(undefined)).toBeUndefined();
  });

  it('leaves no trace on the web request that its own API shows', () => {
    const web = new globalThis.Request('http://localhost/mcp');
    bindRequest(web, { headers: {} } as Request);
    expect(Object.keys(web)).toEqual([]);
    expect(JSON.stringify(web)).toBe('{}');
  });
});

import { classifyInboundRequest } from '@modelcontextprotocol/server';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isLegacyExchange, legacyRevisionOf, type ClassifiedExchange } from './era.js';

/** What the SDK's classifier alone says (the shortcut must never disagree with it). */
function sdkSaysLegacy({ method, headers, body }: ClassifiedExchange): boolean {
  if (method === 'POST' && body === undefined) return true;
  const header = (name: string) => headers[name] as string | undefined;
  return (
    classifyInboundRequest({
      httpMethod: method,
      protocolVersionHeader: header('mcp-protocol-version'),
      mcpMethodHeader: header('mcp-method'),
      mcpNameHeader: header('mcp-name'),
      ...(body !== undefined && { body }),
    }).kind === 'legacy'
  );
}

const ENVELOPE = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'c', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};

const meta = fc.oneof(
  fc.constant(undefined),
  fc.constant(ENVELOPE),
  fc.constant({ 'io.modelcontextprotocol/protocolVersion': '2026-07-28' }),
  fc.constant({ 'io.modelcontextprotocol/protocolVersion': '2025-11-25' }),
  fc.constant({ progressToken: 'p' }),
  fc.constant(['io.modelcontextprotocol/protocolVersion']),
);
const message = fc.record(
  {
    jsonrpc: fc.constantFrom('2.0', '1.0'),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 3 }), fc.constant(null)),
    method: fc.constantFrom('tools/call', 'tools/list', 'initialize', 'notifications/initialized', 'ping'),
    params: fc.oneof(
      fc.record(
        { name: fc.constant('t'), protocolVersion: fc.constant('2025-11-25'), _meta: meta },
        { requiredKeys: [] },
      ),
      fc.constant([]),
    ),
    result: fc.constant({}),
    error: fc.constant({ code: -1, message: 'x' }),
  },
  { requiredKeys: [] },
);
/** Valid JSON-RPC calls and notifications, each with some `_meta` (random messages seldom are valid). */
const wellFormed = fc.record(
  {
    jsonrpc: fc.constant('2.0'),
    id: fc.oneof(fc.integer(), fc.string({ maxLength: 3 })),
    method: fc.constantFrom('tools/call', 'initialize', 'notifications/initialized'),
    params: fc.record({ name: fc.constant('t'), _meta: meta }, { requiredKeys: ['_meta'] }),
  },
  { requiredKeys: ['jsonrpc', 'method', 'params'] },
);
const exchange = fc.record({
  method: fc.constantFrom('POST', 'GET', 'DELETE'),
  headers: fc.record(
    {
      'mcp-protocol-version': fc.constantFrom(
        '2026-07-28',
        ' 2026-07-28\t',
        '2025-11-25',
        '2025-03-26',
        ' 2025-06-18 ',
        '2027-01-01',
        'x',
        '',
      ),
      'mcp-method': fc.constantFrom('tools/call', 'tools/list', 'initialize'),
      'mcp-name': fc.constant('t'),
    },
    { requiredKeys: [] },
  ),
  body: fc.oneof(
    message,
    wellFormed,
    fc.array(message, { maxLength: 2 }),
    fc.constant(undefined),
    fc.constant('text'),
    fc.constant(null),
  ),
});

describe('isLegacyExchange', () => {
  it('agrees with the SDK classifier on every exchange', () => {
    fc.assert(
      fc.property(exchange, (candidate) => {
        const given = candidate as unknown as ClassifiedExchange;
        expect(isLegacyExchange(given)).toBe(sdkSaysLegacy(given));
      }),
      { numRuns: 5_000 },
    );
  });

  it('takes a 2026-07-28 call as modern and an initialize as legacy', () => {
    const call = { jsonrpc: '2.0', id: 1, method: 'tools/call', params: { name: 't', _meta: ENVELOPE } };
    expect(isLegacyExchange({ method: 'POST', headers: { 'mcp-protocol-version': '2026-07-28' }, body: call })).toBe(
      false,
    );
    const initialize = { jsonrpc: '2.0', id: 1, method: 'initialize', params: { protocolVersion: '2025-11-25' } };
    expect(isLegacyExchange({ method: 'POST', headers: {}, body: initialize })).toBe(true);
    expect(legacyRevisionOf({ method: 'POST', headers: {}, body: initialize })).toBe('2025-11-25');
  });
});

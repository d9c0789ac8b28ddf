import { describe, expect, it } from 'vitest';
import { headerParamsOf } from '../registry/header-params.js';
import { decodeParamValue, headerFault } from './param-header-gate.js';

const declared = headerParamsOf({
  type: 'object',
  properties: {
    region: { type: 'string', 'x-mcp-header': 'Region' },
    limit: { type: 'integer', 'x-mcp-header': 'Limit' },
    flags: { type: 'object', properties: { dry: { type: 'boolean', 'x-mcp-header': 'Dry' } } },
  },
});

describe('decodeParamValue', () => {
  it.each([
    ['a plain value', 'us-west1', 'us-west1'],
    ['the Base64 sentinel', '=?base64?SGVsbG8sIOS4lueVjA==?=', 'Hello, 世界'],
    ['a value missing the suffix, literally', '=?base64?SGVsbG8=', '=?base64?SGVsbG8='],
    ['a value missing the prefix, literally', 'SGVsbG8=?=', 'SGVsbG8=?='],
  ])('takes %s', (_case, sent, meant) => {
    expect(decodeParamValue(sent)).toBe(meant);
  });

  it.each([
    ['bad padding', '=?base64?SGVsbG8?='],
    ['characters outside the alphabet', '=?base64?SGVs!!!bG8=?='],
    ['bytes that are not UTF-8', '=?base64?//4=?='],
    ['non-ASCII sent plain', 'Zürich'],
    ['a control character sent plain', 'a\u0001b'],
  ])('refuses %s', (_case, sent) => {
    expect(decodeParamValue(sent)).toBeUndefined();
  });
});

describe('headerFault', () => {
  it('passes headers that mirror the body, integers compared as numbers', () => {
    const headers = { 'mcp-param-region': 'eu', 'mcp-param-limit': '5.0', 'mcp-param-dry': 'false' };
    expect(headerFault(declared, { region: 'eu', limit: 5, flags: { dry: false } }, headers)).toBeUndefined();
  });

  it('expects no header for an argument left out, null, or of a type no header carries', () => {
    expect(headerFault(declared, { limit: null, flags: 'x' }, {})).toBeUndefined();
    expect(headerFault(declared, { region: { nested: 1 }, limit: 2 ** 60 }, {})).toBeUndefined();
    expect(headerFault(declared, undefined, {})).toBeUndefined();
  });

  it('names a missing, a disagreeing and a malformed header', () => {
    expect(headerFault(declared, { region: 'eu' }, {})).toBe(
      'the body carries arguments.region but the Mcp-Param-Region header is missing',
    );
    expect(headerFault(declared, { flags: { dry: true } }, { 'mcp-param-dry': 'TRUE' })).toBe(
      'Mcp-Param-Dry does not match arguments.flags.dry in the body',
    );
    expect(headerFault(declared, { limit: 5 }, { 'mcp-param-limit': '5', 'mcp-param-region': '=?base64?x?=' })).toMatch(
      /^Mcp-Param-Region is malformed/,
    );
  });

  it('reads own keys of the arguments only', () => {
    expect(headerFault(declared, JSON.parse('{"__proto__": {"region": "eu"}}'), {})).toBeUndefined();
  });
});

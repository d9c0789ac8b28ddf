import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonSchemaObject } from '../decorators/index.js';
import { InvalidSchemaError } from '../errors/declaration.errors.js';
import { compileTool } from './compile-entries.js';
import { headerParamsOf } from './header-params.js';

const objectOf = (properties: Record<string, unknown>, extra: Record<string, unknown> = {}): JsonSchemaObject => ({
  type: 'object',
  properties,
  ...extra,
});

describe('headerParamsOf (SEP-2243 x-mcp-header declarations)', () => {
  it('reads marks at any depth of "properties", with the header Node keys them by', () => {
    const params = headerParamsOf(
      objectOf({
        region: { type: 'string', 'x-mcp-header': 'Region' },
        query: { type: 'string' },
        options: objectOf({ limit: { type: 'integer', 'x-mcp-header': 'Row-Limit' } }),
      }),
    );
    expect(params).toEqual([
      { header: 'Mcp-Param-Region', key: 'mcp-param-region', path: ['region'], type: 'string' },
      { header: 'Mcp-Param-Row-Limit', key: 'mcp-param-row-limit', path: ['options', 'limit'], type: 'integer' },
    ]);
  });

  it('finds none in a schema without marks', () => {
    expect(headerParamsOf(objectOf({ text: { type: 'string' } }))).toEqual([]);
  });

  it.each([
    ['an empty name', objectOf({ a: { type: 'string', 'x-mcp-header': '' } }), 'HTTP token'],
    ['a name with a space', objectOf({ a: { type: 'string', 'x-mcp-header': 'A B' } }), 'HTTP token'],
    ['a name with a line feed', objectOf({ a: { type: 'string', 'x-mcp-header': 'A\nB' } }), 'HTTP token'],
    ['a name that is no string', objectOf({ a: { type: 'string', 'x-mcp-header': 7 } }), 'HTTP token'],
    ['a number-typed property', objectOf({ a: { type: 'number', 'x-mcp-header': 'A' } }), 'string, integer or boolean'],
    ['an object-typed property', objectOf({ a: objectOf({}, { 'x-mcp-header': 'A' }) }), 'string, integer or boolean'],
    ['an untyped property', objectOf({ a: { 'x-mcp-header': 'A' } }), 'string, integer or boolean'],
    [
      'names equal but for case',
      objectOf({ a: { type: 'string', 'x-mcp-header': 'Tenant' }, b: { type: 'string', 'x-mcp-header': 'TENANT' } }),
      'case-insensitive',
    ],
    ['a mark on the root', { type: 'object', 'x-mcp-header': 'Root' }, 'only properties'],
    [
      'a mark under items',
      objectOf({ list: { type: 'array', items: { type: 'string', 'x-mcp-header': 'A' } } }),
      'only properties',
    ],
    [
      'a mark under anyOf',
      objectOf({}, { anyOf: [objectOf({ a: { type: 'string', 'x-mcp-header': 'A' } })] }),
      'only properties',
    ],
    ['a mark under $defs', objectOf({}, { $defs: { d: { type: 'string', 'x-mcp-header': 'A' } } }), 'only properties'],
  ])('refuses %s', (_case, schema, reason) => {
    expect(() => headerParamsOf(schema)).toThrow(reason);
  });

  it('reads marks a zod schema carries as metadata', () => {
    const input = z.object({ tenant: z.string().meta({ 'x-mcp-header': 'Tenant' }), n: z.number().int() });
    expect(compileTool({ name: 't', input, handler: () => undefined }).headerParams).toEqual([
      { header: 'Mcp-Param-Tenant', key: 'mcp-param-tenant', path: ['tenant'], type: 'string' },
    ]);
  });

  it('stops the boot with the declaration at fault named', () => {
    const input = objectOf({ price: { type: 'number', 'x-mcp-header': 'Price' } });
    const register = () => compileTool({ name: 'quote', input, handler: () => undefined, source: 'Shop.quote' });
    expect(register).toThrow(InvalidSchemaError);
    expect(register).toThrow(/Shop\.quote.*x-mcp-header on "price"/);
  });
});

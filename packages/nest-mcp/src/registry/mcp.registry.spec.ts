import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { JsonSchemaObject } from '../decorators/index.js';
import { DuplicateNameError } from '../errors/declaration.errors.js';
import { McpNotRegisteredError } from '../errors/not-found.errors.js';
import { noop, watchedRegistry } from '../../test/support/registry.js';
import type { McpRegistry } from './mcp.registry.js';
import type { RegistryChange } from './registry.types.js';

describe('McpRegistry', () => {
  let registry: McpRegistry;
  let changes: RegistryChange[];

  beforeEach(() => {
    ({ registry, changes } = watchedRegistry());
  });

  describe('tools', () => {
    it('adds, gets and removes a tool', () => {
      registry.addTool({ name: 'ping', handler: noop, source: 'A.ping' });
      expect(registry.getTool('ping')?.source).toBe('A.ping');
      expect(registry.getTool('ping')?.definition.name).toBe('ping');
      expect(registry.toolCount).toBe(1);

      registry.removeTool('ping');
      expect(registry.getTool('ping')).toBeUndefined();
      expect(registry.toolCount).toBe(0);
      expect(changes).toEqual(['tools', 'tools']);
    });

    it('throws McpNotRegisteredError when removing an unknown tool, and notifies nobody', () => {
      expect(() => registry.removeTool('nope')).toThrow(McpNotRegisteredError);
      expect(() => registry.removeTool('nope')).toThrow('tool "nope"');
      expect(changes).toEqual([]);
    });

    it('rejects a duplicate name naming both sources, and notifies nobody', () => {
      registry.addTool({ name: 'ping', handler: noop, source: 'A.ping' });
      expect(() => registry.addTool({ name: 'ping', handler: noop, source: 'B.ping' })).toThrow(DuplicateNameError);
      expect(() => registry.addTool({ name: 'ping', handler: noop, source: 'B.ping' })).toThrow(/A\.ping.*B\.ping/);
      expect(registry.getTool('ping')?.source).toBe('A.ping');
      expect(changes).toEqual(['tools']);
    });

    it('advertises a zod input as JSON Schema 2020-12 without $schema', () => {
      registry.addTool({
        name: 'locate',
        handler: noop,
        input: z.object({
          point: z.tuple([z.number(), z.number()]),
          label: z.string().optional(),
        }),
      });
      const schema = registry.getTool('locate')?.definition.inputSchema;
      expect(schema).not.toHaveProperty('$schema');
      expect(schema).toMatchObject({
        type: 'object',
        required: ['point'],
        properties: {
          // 2020-12 writes tuples as `prefixItems` (draft-07 used an `items` array).
          point: {
            type: 'array',
            prefixItems: [{ type: 'number' }, { type: 'number' }],
          },
          label: { type: 'string' },
        },
      });
    });

    it('advertises a zod output schema the same way', () => {
      registry.addTool({
        name: 'count',
        handler: noop,
        output: z.object({ total: z.number().int() }),
      });
      const schema = registry.getTool('count')?.definition.outputSchema;
      expect(schema).not.toHaveProperty('$schema');
      expect(schema).toMatchObject({
        type: 'object',
        properties: { total: { type: 'integer' } },
        required: ['total'],
      });
    });

    it('keeps a raw JSON Schema input as given', () => {
      const input: JsonSchemaObject = {
        $schema: 'http://json-schema.org/draft-07/schema#',
        type: 'object',
        properties: { count: { type: 'number', minimum: 1 } },
        required: ['count'],
        additionalProperties: false,
      };
      const snapshot = structuredClone(input);
      registry.addTool({ name: 'raw', handler: noop, input });
      expect(registry.getTool('raw')?.definition.inputSchema).toEqual(snapshot);
    });

    it('validates zod input, naming the path of each bad field', async () => {
      registry.addTool({
        name: 'place',
        handler: noop,
        input: z.object({
          where: z.object({ lat: z.number() }),
          tags: z.array(z.string()),
        }),
      });
      const input = registry.getTool('place')!.input;
      const bad = await input.validate({ where: { lat: 'north' }, tags: [1] });
      expect(bad.ok).toBe(false);
      expect(!bad.ok && bad.message).toMatch(/^where\.lat: /);
      expect(!bad.ok && bad.message).toContain('; tags.0: ');

      expect(await input.validate({ where: { lat: 1 }, tags: ['a'] })).toEqual({
        ok: true,
        value: { where: { lat: 1 }, tags: ['a'] },
      });
    });

    it('validates raw JSON Schema input, naming the bad field', async () => {
      registry.addTool({
        name: 'raw',
        handler: noop,
        input: {
          type: 'object',
          properties: { count: { type: 'number' } },
          required: ['count'],
        },
      });
      const input = registry.getTool('raw')!.input;
      const wrongType = await input.validate({ count: 'many' });
      expect(wrongType.ok).toBe(false);
      expect(!wrongType.ok && wrongType.message).toContain('count');
      const missing = await input.validate({});
      expect(!missing.ok && missing.message).toContain('count');
      expect(await input.validate({ count: 3 })).toEqual({
        ok: true,
        value: { count: 3 },
      });
    });

    it('accepts only an object (or nothing) for a tool without input', async () => {
      registry.addTool({ name: 'ping', handler: noop });
      const input = registry.getTool('ping')!.input;
      expect(await input.validate(undefined)).toEqual({ ok: true, value: {} });
      expect(await input.validate([])).toMatchObject({ ok: false });
      expect(await input.validate('x')).toMatchObject({ ok: false });
    });
  });

  describe('onChange', () => {
    it('stops notifying a listener after it unsubscribes', () => {
      const listener = vi.fn();
      const unsubscribe = registry.onChange(listener);
      registry.addTool({ name: 'a', handler: noop });
      unsubscribe();
      registry.addTool({ name: 'b', handler: noop });
      expect(listener.mock.calls).toEqual([['tools']]);
      expect(changes).toEqual(['tools', 'tools']);
    });
  });
});

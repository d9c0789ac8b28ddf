import { beforeEach, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import type { JsonSchemaObject } from '../decorators/index.js';
import { DuplicateNameError } from '../errors/declaration.errors.js';
import { McpNotRegisteredError } from '../errors/not-found.errors.js';
import { resolveMcpOptions } from '../options/resolve-options.js';
import { McpRegistry } from './mcp.registry.js';
import type { RegistryChange } from './registry.types.js';

const noop = () => undefined;

const newRegistry = (pageSize?: number) => new McpRegistry(resolveMcpOptions({ name: 'test', version: '0.0.0', pageSize }));

/** Collects every page's items by following `nextCursor` chains. */
function collect<T>(list: (cursor?: string) => { items: T[]; nextCursor?: string } | undefined): {
  items: T[];
  pages: number;
} {
  const items: T[] = [];
  let pages = 0;
  let cursor: string | undefined;
  do {
    const page = list(cursor);
    if (!page) throw new Error(`no page for cursor ${cursor}`);
    items.push(...page.items);
    pages++;
    cursor = page.nextCursor;
    if (pages > 100) throw new Error('cursor loop');
  } while (cursor !== undefined);
  return { items, pages };
}

describe('McpRegistry', () => {
  let registry: McpRegistry;
  let changes: RegistryChange[];

  beforeEach(() => {
    registry = newRegistry(2);
    changes = [];
    registry.onChange((change) => changes.push(change));
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

  describe('resources', () => {
    const index = { uri: 'notes://index', name: 'index', handler: noop };
    const note = {
      uriTemplate: 'notes://{id}',
      name: 'note',
      handler: noop,
    };

    it('adds and removes a fixed resource by URI', () => {
      registry.addResource(index);
      expect(registry.listResources()?.items).toEqual([{ uri: 'notes://index', name: 'index' }]);
      registry.removeResource('notes://index');
      expect(registry.findResource('notes://index')).toBeUndefined();
      expect(changes).toEqual(['resources', 'resources']);
    });

    it('refuses a second template with the same URI template, which could never be reached', () => {
      registry.addResourceTemplate({ ...note, source: 'A.note' });
      expect(() => registry.addResourceTemplate({ ...note, name: 'other', source: 'B.other' })).toThrow(
        'resource template "notes://{id}" is declared by A.note and B.other',
      );
    });

    it('adds, gets and removes a resource template by name', () => {
      registry.addResourceTemplate(note);
      expect(registry.getResourceTemplate('note')?.definition).toEqual({
        uriTemplate: 'notes://{id}',
        name: 'note',
      });
      expect(registry.findTemplateByUriTemplate('notes://{id}')).toBe(registry.getResourceTemplate('note'));
      registry.removeResourceTemplate('note');
      expect(registry.getResourceTemplate('note')).toBeUndefined();
      expect(registry.findTemplateByUriTemplate('notes://{id}')).toBeUndefined();
      expect(changes).toEqual(['resources', 'resources']);
    });

    it('throws McpNotRegisteredError when removing unknown resources or templates', () => {
      expect(() => registry.removeResource('notes://x')).toThrow(McpNotRegisteredError);
      expect(() => registry.removeResourceTemplate('x')).toThrow(McpNotRegisteredError);
      expect(changes).toEqual([]);
    });

    it('finds a fixed URI before a template that also matches it', () => {
      // The template is registered first: order must not decide.
      registry.addResourceTemplate(note);
      registry.addResource(index);
      const found = registry.findResource('notes://index');
      expect(found).toEqual({ resource: expect.anything() });
      expect(found && 'resource' in found && found.resource.definition.uri).toBe('notes://index');
    });

    it('falls back to a matching template, with its variables', () => {
      registry.addResource(index);
      registry.addResourceTemplate(note);
      const found = registry.findResource('notes://42');
      expect(found).toEqual({
        template: registry.getResourceTemplate('note'),
        variables: { id: '42' },
      });
    });

    it('finds nothing when no resource or template matches', () => {
      registry.addResource(index);
      registry.addResourceTemplate(note);
      expect(registry.findResource('other://42')).toBeUndefined();
    });

    it('tells resource-update listeners, until they unsubscribe', () => {
      const listener = vi.fn();
      const unsubscribe = registry.onResourceUpdated(listener);
      registry.notifyResourceUpdated('notes://index');
      unsubscribe();
      registry.notifyResourceUpdated('notes://other');
      expect(listener.mock.calls).toEqual([['notes://index']]);
    });
  });

  describe('prompts', () => {
    it('adds, gets and removes a prompt', () => {
      registry.addPrompt({ name: 'greet', handler: noop, source: 'P.greet' });
      expect(registry.getPrompt('greet')?.source).toBe('P.greet');
      expect(registry.listPrompts()?.items).toEqual([{ name: 'greet' }]);
      registry.removePrompt('greet');
      expect(registry.getPrompt('greet')).toBeUndefined();
      expect(changes).toEqual(['prompts', 'prompts']);
    });

    it('throws McpNotRegisteredError when removing an unknown prompt', () => {
      expect(() => registry.removePrompt('nope')).toThrow(McpNotRegisteredError);
      expect(changes).toEqual([]);
    });

    it('validates prompt arguments, naming the bad field', async () => {
      registry.addPrompt({
        name: 'summarize',
        handler: noop,
        args: z.object({ id: z.string().min(2) }),
      });
      const outcome = await registry.getPrompt('summarize')!.args.validate({
        id: 'x',
      });
      expect(!outcome.ok && outcome.message).toMatch(/^id: /);
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

  describe('pagination', () => {
    const addTools = (count: number) => {
      for (let i = 0; i < count; i++) registry.addTool({ name: `tool${i}`, handler: noop });
    };

    it.each(['tools', 'prompts', 'resources', 'resource templates'] as const)(
      'walks all 5 %s exactly once in pages of 2',
      (kind) => {
        const count = 5;
        let list: (cursor?: string) => { items: { name: string }[]; nextCursor?: string } | undefined;
        for (let i = 0; i < count; i++) {
          const name = `item${i}`;
          if (kind === 'tools') registry.addTool({ name, handler: noop });
          if (kind === 'prompts') registry.addPrompt({ name, handler: noop });
          if (kind === 'resources') registry.addResource({ name, uri: `r://${name}`, handler: noop });
          if (kind === 'resource templates')
            registry.addResourceTemplate({
              name,
              uriTemplate: `${name}://{id}`,
              handler: noop,
            });
        }
        if (kind === 'tools') list = (c) => registry.listTools(c);
        else if (kind === 'prompts') list = (c) => registry.listPrompts(c);
        else if (kind === 'resources') list = (c) => registry.listResources(c);
        else list = (c) => registry.listResourceTemplates(c);

        const { items, pages } = collect(list);
        expect(pages).toBe(3);
        expect(items.map((item) => item.name)).toEqual(['item0', 'item1', 'item2', 'item3', 'item4']);
      },
    );

    it('uses pages of 100 by default', () => {
      registry = newRegistry();
      addTools(101);
      const first = registry.listTools();
      expect(first?.items).toHaveLength(100);
      expect(registry.listTools(first?.nextCursor)?.items).toHaveLength(1);
    });

    it('returns undefined for an invalid cursor', () => {
      addTools(5);
      expect(registry.listTools('not-a-cursor')).toBeUndefined();
      expect(registry.listTools(Buffer.from('7').toString('base64url'))).toBeUndefined();
      expect(registry.listPrompts('not-a-cursor')).toBeUndefined();
    });

    it('returns the same page arrays until something is added or removed', () => {
      addTools(3);
      const first = registry.listTools();
      const second = registry.listTools(first?.nextCursor);
      expect(registry.listTools()).toBe(first);
      expect(registry.listTools()?.items).toBe(first?.items);
      expect(registry.listTools(first?.nextCursor)?.items).toBe(second?.items);

      registry.addTool({ name: 'late', handler: noop });
      const afterAdd = registry.listTools();
      expect(afterAdd?.items).not.toBe(first?.items);
      expect(afterAdd?.items).toEqual(first?.items);
      expect(registry.listTools(first?.nextCursor)?.items.map((t) => t.name)).toEqual(['tool2', 'late']);

      registry.removeTool('tool0');
      expect(registry.listTools()?.items).not.toBe(afterAdd?.items);
      expect(registry.listTools()?.items.map((t) => t.name)).toEqual(['tool1', 'tool2']);
    });

    it('keeps the catalogs apart: a tool change leaves prompt pages cached', () => {
      registry.addPrompt({ name: 'greet', handler: noop });
      const prompts = registry.listPrompts();
      registry.addTool({ name: 'ping', handler: noop });
      expect(registry.listPrompts()).toBe(prompts);
    });
  });
});

import { beforeEach, describe, expect, it } from 'vitest';
import { newRegistry, noop } from '../../test/support/registry.js';
import type { McpRegistry } from './mcp.registry.js';

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

  beforeEach(() => {
    registry = newRegistry(2);
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

import { Controller, Injectable, Module } from '@nestjs/common';
import type { TestingModule } from '@nestjs/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Prompt, Resource, ResourceTemplate, Tool, type CompleteFn } from '../decorators/index.js';
import type { McpContext } from '../protocol/mcp-context.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import { boot } from '../../test/support/testing-module.js';

/** What the wrapped handlers need from a context: the HTTP request they pass to guards. */
const ctx = { request: {} } as unknown as McpContext;

@Injectable()
class NoteStore {
  readonly ids = ['alpha', 'alps', 'beta'];
}

@Injectable()
class NotesTools {
  constructor(private readonly store: NoteStore) {}

  @Tool({ input: z.object({ prefix: z.string() }) })
  search({ prefix }: { prefix: string }): string[] {
    return this.store.ids.filter((id) => id.startsWith(prefix));
  }

  @Tool({ name: 'notes.count' })
  count(): number {
    return this.store.ids.length;
  }

  notATool(): void {}
}

const tagCompleter: CompleteFn = (value) => [`${value}-tag`];

@Injectable()
class NotesContent {
  constructor(private readonly store: NoteStore) {}

  @Resource({ uri: 'notes://index' })
  index(): string {
    return this.store.ids.join(',');
  }

  @Resource({ uri: 'notes://readme', name: 'readme-file' })
  readme(): string {
    return 'read me';
  }

  @ResourceTemplate({
    uriTemplate: 'notes://{id}',
    complete: { id: 'completeId' },
  })
  note({ id }: { id: string }): string {
    return `note ${id}`;
  }

  @ResourceTemplate({
    uriTemplate: 'tags://{tag}',
    name: 'tag-listing',
    complete: { tag: tagCompleter },
  })
  byTag(): string {
    return '';
  }

  @Prompt({
    args: z.object({ id: z.string() }),
    complete: { id: 'completeId' },
  })
  summarize({ id }: { id: string }): string {
    return `Summarize ${id}`;
  }

  @Prompt({ name: 'review-note' })
  review(): string {
    return 'Review';
  }

  completeId(prefix: string): string[] {
    return this.store.ids.filter((id) => id.startsWith(prefix));
  }
}

@Controller()
class NotesController {
  @Tool()
  ping(): string {
    return 'pong';
  }
}

@Module({
  providers: [NoteStore, NotesTools, NotesContent],
  controllers: [NotesController],
})
class NotesFeatureModule {}

describe('McpExplorer', () => {
  describe('discovery in a feature module', () => {
    let moduleRef: TestingModule;
    let registry: McpRegistry;

    beforeAll(async () => {
      moduleRef = await boot(NotesFeatureModule);
      registry = moduleRef.get(McpRegistry);
    });
    afterAll(() => moduleRef.close());

    it('registers tools of providers and controllers, named after the method unless named explicitly', () => {
      const names = registry
        .listTools()
        ?.items.map((tool) => tool.name)
        .sort();
      expect(names).toEqual(['notes.count', 'ping', 'search']);
      expect(registry.getTool('count')).toBeUndefined();
      expect(registry.getTool('notATool')).toBeUndefined();
      expect(registry.getTool('search')?.source).toBe('NotesTools.search');
      expect(registry.getTool('notes.count')?.source).toBe('NotesTools.count');
      expect(registry.getTool('ping')?.source).toBe('NotesController.ping');
    });

    it('keeps the declared options in the tool definition', () => {
      expect(registry.getTool('search')?.definition.inputSchema).toMatchObject({
        type: 'object',
        properties: { prefix: { type: 'string' } },
        required: ['prefix'],
      });
    });

    it('wraps tool handlers so they run on the instance with its injected dependencies', async () => {
      await expect(registry.getTool('search')?.handler({ prefix: 'al' }, ctx)).resolves.toEqual(['alpha', 'alps']);
      await expect(registry.getTool('notes.count')?.handler({}, ctx)).resolves.toBe(3);
    });

    it('registers fixed resources, named after the method unless named explicitly', () => {
      const resources = registry.listResources()?.items;
      expect(resources).toEqual(
        expect.arrayContaining([
          { uri: 'notes://index', name: 'index' },
          { uri: 'notes://readme', name: 'readme-file' },
        ]),
      );
      expect(resources).toHaveLength(2);
      const found = registry.findResource('notes://index');
      expect(found && 'resource' in found && found.resource.source).toBe('NotesContent.index');
    });

    it('registers resource templates, named after the method unless named explicitly', () => {
      expect(registry.getResourceTemplate('note')?.definition).toEqual({
        uriTemplate: 'notes://{id}',
        name: 'note',
      });
      expect(registry.getResourceTemplate('tag-listing')?.source).toBe('NotesContent.byTag');
      expect(registry.getResourceTemplate('byTag')).toBeUndefined();
    });

    it('passes template variables, the URI and the context to the template handler', async () => {
      const template = registry.getResourceTemplate('note');
      await expect(template?.handler({ id: '7' }, 'notes://7', ctx)).resolves.toBe('note 7');
    });

    it('registers prompts, named after the method unless named explicitly', () => {
      const names = registry
        .listPrompts()
        ?.items.map((prompt) => prompt.name)
        .sort();
      expect(names).toEqual(['review-note', 'summarize']);
      expect(registry.getPrompt('review')).toBeUndefined();
      expect(registry.getPrompt('summarize')?.definition.arguments).toEqual([{ name: 'id', required: true }]);
    });

    it('binds a completer given as a method name to the provider instance', async () => {
      const templateComplete = registry.getResourceTemplate('note')?.complete;
      const promptComplete = registry.getPrompt('summarize')?.complete;
      expect(templateComplete?.id).toBeTypeOf('function');
      // Unbound, `this.store` would throw: the result proves the binding.
      expect(await templateComplete?.id('al', {})).toEqual(['alpha', 'alps']);
      expect(await promptComplete?.id('b', {})).toEqual(['beta']);
    });

    it('keeps a completer given as a function as it is', () => {
      expect(registry.getResourceTemplate('tag-listing')?.complete.tag).toBe(tagCompleter);
    });
  });

  describe('aliases', () => {
    const ALIAS = Symbol('NOTES_TOOLS_ALIAS');

    @Module({
      providers: [NoteStore, NotesTools, { provide: ALIAS, useExisting: NotesTools }],
    })
    class AliasedModule {}

    it('explores a `useExisting` alias once, under its target, without duplicate errors', async () => {
      const moduleRef = await boot(AliasedModule);
      try {
        expect(moduleRef.get(ALIAS)).toBe(moduleRef.get(NotesTools));
        const registry = moduleRef.get(McpRegistry);
        expect(registry.toolCount).toBe(2);
        expect(registry.getTool('search')?.source).toBe('NotesTools.search');
      } finally {
        await moduleRef.close();
      }
    });
  });
});

import { beforeEach, describe, expect, it, vi } from 'vitest';
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
});

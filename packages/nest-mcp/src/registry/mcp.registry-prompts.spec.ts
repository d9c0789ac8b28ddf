import { beforeEach, describe, expect, it } from 'vitest';
import { z } from 'zod';
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
});

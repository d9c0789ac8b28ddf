import { Reflector } from '@nestjs/core';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Prompt, Resource, ResourceTemplate, Tool } from '../decorators/index.js';
import { MCP_TOOL_METADATA } from '../mcp.constants.js';
import { McpMetadataAccessor } from './mcp-metadata.accessor.js';

const searchInput = z.object({ query: z.string() });

class Fixture {
  @Tool({ name: 'search', description: 'Find things', input: searchInput })
  search(): void {}

  @Resource({ uri: 'notes://index', mimeType: 'application/json' })
  index(): void {}

  @ResourceTemplate({ uriTemplate: 'notes://{id}', complete: { id: 'ids' } })
  note(): void {}

  @Prompt({ title: 'Summarize' })
  summarize(): void {}

  @Tool()
  @Prompt({ name: 'both-prompt' })
  both(): void {}

  plain(): void {}
}

describe('McpMetadataAccessor', () => {
  const accessor = new McpMetadataAccessor(new Reflector());
  const proto = Fixture.prototype;
  /** The method itself, as the explorer reads it off the prototype. */
  const method = (name: keyof Fixture): unknown => Reflect.get(proto, name);

  it('reads @Tool options as given', () => {
    expect(accessor.declarationsOf(method('search'))).toEqual([
      {
        kind: 'tool',
        options: {
          name: 'search',
          description: 'Find things',
          input: searchInput,
        },
      },
    ]);
  });

  it('reads @Resource options', () => {
    expect(accessor.declarationsOf(method('index'))).toEqual([
      {
        kind: 'resource',
        options: { uri: 'notes://index', mimeType: 'application/json' },
      },
    ]);
  });

  it('reads @ResourceTemplate options', () => {
    expect(accessor.declarationsOf(method('note'))).toEqual([
      {
        kind: 'resourceTemplate',
        options: { uriTemplate: 'notes://{id}', complete: { id: 'ids' } },
      },
    ]);
  });

  it('reads @Prompt options', () => {
    expect(accessor.declarationsOf(method('summarize'))).toEqual([{ kind: 'prompt', options: { title: 'Summarize' } }]);
  });

  it('returns every declaration of a method that carries several, with empty options for a bare decorator', () => {
    expect(accessor.declarationsOf(method('both'))).toEqual([
      { kind: 'tool', options: {} },
      { kind: 'prompt', options: { name: 'both-prompt' } },
    ]);
  });

  it('returns [] for an undecorated method', () => {
    expect(accessor.declarationsOf(method('plain'))).toEqual([]);
  });

  it.each([
    ['undefined', undefined],
    ['null', null],
    ['a string', 'search'],
    ['a number', 42],
    ['a class prototype', proto],
  ])('returns [] for %s', (_label, input) => {
    expect(accessor.declarationsOf(input)).toEqual([]);
  });

  it('returns [] for a non-function even when it carries tool metadata', () => {
    const impostor = {};
    Reflect.defineMetadata(MCP_TOOL_METADATA, { name: 'x' }, impostor);
    expect(Reflect.getMetadata(MCP_TOOL_METADATA, impostor)).toEqual({
      name: 'x',
    });
    expect(accessor.declarationsOf(impostor)).toEqual([]);
  });
});

/*
 * Type-level checks: `npm run typecheck` compiles this file, so each
 * `@ts-expect-error` below is an assertion that the line is a compile error
 * (an unused one fails the typecheck), and each line without one must compile.
 */
import { describe, expect, expectTypeOf, it } from 'vitest';
import { z } from 'zod';
import type { McpContext } from '../protocol/mcp-context.js';
import { resolveMcpOptions } from '../options/resolve-options.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import { Prompt } from './prompt.decorator.js';
import { Tool, type ToolArgs } from './tool.decorator.js';

const Search = z.object({
  query: z.string(),
  limit: z.number().int().default(10),
  tag: z.string().optional(),
  since: z.string().transform((value) => new Date(value)),
});

describe('ToolArgs', () => {
  it('is what the method receives: the parsed output, defaults applied and transforms run', () => {
    expectTypeOf<ToolArgs<typeof Search>>().toEqualTypeOf<{
      query: string;
      limit: number;
      tag?: string | undefined;
      since: Date;
    }>();
    expectTypeOf<ToolArgs<undefined>>().toEqualTypeOf<Record<string, unknown>>();
  });
});

describe('@Tool checks the method against its input', () => {
  it('compiles methods that take what the input gives, and refuses the others', () => {
    class Tools {
      @Tool({ input: Search })
      inferred(args: z.infer<typeof Search>, ctx: McpContext) {
        return [args.query, args.limit, ctx];
      }

      @Tool({ input: Search })
      fewerFields({ query }: { query: string }) {
        return query;
      }

      @Tool({ input: { type: 'object', properties: { region: { type: 'string' } } } })
      rawJsonSchema({ region }: { region: string }) {
        return region;
      }

      @Tool()
      noInput() {
        return 'none';
      }

      @Tool({ name: 'whoami' })
      noInputWithArgs(_args: Record<string, unknown>, ctx: McpContext) {
        return ctx;
      }

      // @ts-expect-error: `query` is a string
      @Tool({ input: Search })
      wrongType({ query }: { query: number }) {
        return query;
      }

      // @ts-expect-error: the input has no `page`
      @Tool({ input: Search })
      unknownField({ page }: { page: number }) {
        return page;
      }

      // @ts-expect-error: the method receives parsed values, and `since` is parsed into a Date
      @Tool({ input: Search })
      rawValue({ since }: { since: string }) {
        return since;
      }

      // @ts-expect-error: a tool without input gets no `id`
      @Tool()
      argsWithoutInput({ id }: { id: string }) {
        return id;
      }

      // @ts-expect-error: the second parameter is the McpContext
      @Tool({ input: Search })
      wrongContext(_args: z.infer<typeof Search>, ctx: string) {
        return ctx;
      }
    }
    expect(Tools).toBeTypeOf('function');
  });
});

describe('@Prompt checks the method against its args', () => {
  const Topic = z.object({ topic: z.string(), tone: z.enum(['dry', 'warm']).default('dry') });

  it('compiles a method that takes the parsed args, and refuses one that wants others', () => {
    class Prompts {
      @Prompt({ args: Topic })
      draft({ topic, tone }: z.infer<typeof Topic>) {
        return `${tone}: ${topic}`;
      }

      @Prompt()
      plain() {
        return 'hello';
      }

      // @ts-expect-error: `tone` is 'dry' | 'warm', not a number
      @Prompt({ args: Topic })
      wrongType({ tone }: { tone: number }) {
        return tone;
      }
    }
    expect(Prompts).toBeTypeOf('function');
  });
});

describe('McpRegistry.addTool types the handler by its input', () => {
  it('gives the handler the parsed arguments, and refuses a handler that wants others', () => {
    const registry = new McpRegistry(resolveMcpOptions({ name: 'types', version: '0.0.0' }));
    registry.addTool({
      name: 'search',
      input: Search,
      handler: (args) => {
        expectTypeOf(args).toEqualTypeOf<z.output<typeof Search>>();
        return args.query;
      },
    });
    registry.addTool({ name: 'ping', handler: (args) => expectTypeOf(args).toEqualTypeOf<Record<string, unknown>>() });
    registry.addTool({
      name: 'wrong',
      input: Search,
      // @ts-expect-error: `limit` is a number
      handler: ({ limit }: { limit: string }) => limit,
    });
    expect(registry.counts.tools).toBe(3);
  });
});

import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import type { JsonSchemaObject } from '../decorators/index.js';
import {
  InvalidNameError,
  InvalidSchemaError,
  InvalidUriError,
  InvalidUriTemplateError,
  McpDeclarationError,
} from '../errors/declaration.errors.js';
import { compilePrompt, compileResource, compileResourceTemplate, compileTool } from './compile-entries.js';

const noop = () => undefined;

/** Runs `fn`, which must throw, and returns the error. */
function thrown(fn: () => unknown): Error {
  try {
    fn();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected a throw');
}

describe('compileTool: tasks', () => {
  it('a task tool declares execution.taskSupport and runs as a task from the start unless told otherwise', () => {
    const tool = compileTool({ name: 'export', task: 'optional', handler: noop });
    expect(tool.definition.execution).toEqual({ taskSupport: 'optional' });
    expect(tool.task).toEqual({ support: 'optional', afterMs: 0 });
    expect(compileTool({ name: 'x', task: 'required', taskAfterMs: 250, handler: noop }).task).toEqual({
      support: 'required',
      afterMs: 250,
    });
    expect(compileTool({ name: 'plain', handler: noop }).task).toBeUndefined();
    expect(compileTool({ name: 'plain', handler: noop }).definition).not.toHaveProperty('execution');
  });

  it.each([
    ['an unknown task mode', { task: 'sometimes' }, 'task: "sometimes"'],
    ['a negative taskAfterMs', { task: 'optional', taskAfterMs: -1 }, 'taskAfterMs: -1'],
    ['a fractional taskAfterMs', { task: 'optional', taskAfterMs: 1.5 }, 'taskAfterMs: 1.5'],
    ['taskAfterMs on a plain tool', { taskAfterMs: 100 }, 'is no task'],
  ])('stops the boot on %s, naming the source', (_, options, words) => {
    const error = thrown(() => compileTool({ name: 'x', handler: noop, source: 'Jobs.run', ...(options as object) }));
    expect(error).toBeInstanceOf(McpDeclarationError);
    expect(error.message).toContain('Jobs.run');
    expect(error.message).toContain(words);
  });
});

describe('compileTool', () => {
  it.each([
    ['a space', 'search notes'],
    ['129 characters', 'a'.repeat(129)],
    ['nothing', ''],
    ['a slash', 'notes/search'],
  ])('rejects a name with %s, naming the source', (_, name) => {
    const error = thrown(() => compileTool({ name, handler: noop, source: 'Notes.search' }));
    expect(error).toBeInstanceOf(InvalidNameError);
    expect(error.message).toContain('Notes.search');
    expect(error.message).toContain(`"${name}"`);
  });

  it('accepts a name of exactly 128 allowed characters', () => {
    const name = 'A_z.0-'.repeat(21) + 'ab';
    expect(name).toHaveLength(128);
    expect(compileTool({ name, handler: noop }).definition.name).toBe(name);
  });

  it.each([
    ['z.string()', z.string()],
    ['z.array(...)', z.array(z.string())],
    ['JSON Schema {type: "string"}', { type: 'string' }],
  ])('rejects %s as input schema', (_, input) => {
    const error = thrown(() =>
      compileTool({
        name: 'echo',
        handler: noop,
        source: 'Echo.echo',
        input: input as JsonSchemaObject,
      }),
    );
    expect(error).toBeInstanceOf(InvalidSchemaError);
    expect(error.message).toContain('Echo.echo');
  });

  it('rejects a zod schema that has no JSON Schema form', () => {
    const error = thrown(() =>
      compileTool({
        name: 'when',
        handler: noop,
        source: 'Clock.when',
        input: z.object({ at: z.custom<symbol>(() => true) }),
      }),
    );
    expect(error).toBeInstanceOf(InvalidSchemaError);
    expect(error.message).toContain('Clock.when');
    expect(error.message).not.toContain('the root must be an object');
  });

  it('names the tool itself when no source is given', () => {
    const error = thrown(() => compileTool({ name: 'echo', handler: noop, input: z.string() }));
    expect(error.message).toContain('tool "echo"');
  });

  it('advertises an empty object schema when there is no input', () => {
    const entry = compileTool({ name: 'ping', handler: noop });
    expect(entry.definition).toEqual({
      name: 'ping',
      inputSchema: { type: 'object', properties: {} },
    });
    expect(entry.output).toBeUndefined();
    expect(entry.source).toBe('tool "ping"');
  });

  it('leaves no undefined keys in the definition', () => {
    const entry = compileTool({
      name: 'ping',
      handler: noop,
      title: undefined,
      description: 'Pings',
    });
    expect(Object.keys(entry.definition).sort()).toEqual(['description', 'inputSchema', 'name']);
  });
});

describe('compileResource', () => {
  it.each(['notes/index', '', '//notes/index'])('rejects the non-absolute URI %j, naming the source', (uri) => {
    const error = thrown(() =>
      compileResource({
        uri,
        name: 'index',
        handler: noop,
        source: 'N.index',
      }),
    );
    expect(error).toBeInstanceOf(InvalidUriError);
    expect(error.message).toContain('N.index');
    expect(error.message).toContain(`"${uri}"`);
  });

  it('accepts an absolute URI and keeps the declared fields', () => {
    const entry = compileResource({
      uri: 'notes://index',
      name: 'index',
      mimeType: 'application/json',
      handler: noop,
    });
    expect(entry.definition).toEqual({
      uri: 'notes://index',
      name: 'index',
      mimeType: 'application/json',
    });
  });
});

describe('compileResourceTemplate', () => {
  it.each([
    ['notes://{id', 'it has no {variable} expression'],
    ['no-vars', 'it has no {variable} expression'],
    ['notes://{id}}', 'unbalanced braces'],
    ['notes://{{id}', 'unbalanced braces'],
  ])('rejects %j, naming the source', (uriTemplate, reason) => {
    const error = thrown(() =>
      compileResourceTemplate({
        uriTemplate,
        name: 'note',
        handler: noop,
        source: 'Notes.note',
      }),
    );
    expect(error).toBeInstanceOf(InvalidUriTemplateError);
    expect(error.message).toContain('Notes.note');
    expect(error.message).toContain(`"${uriTemplate}"`);
    expect(error.message).toContain(reason);
  });

  it('rejects completion for a variable the template does not have', () => {
    const error = thrown(() =>
      compileResourceTemplate({
        uriTemplate: 'notes://{id}',
        name: 'note',
        handler: noop,
        source: 'Notes.note',
        complete: { slug: () => [] },
      }),
    );
    expect(error).toBeInstanceOf(InvalidUriTemplateError);
    expect(error.message).toContain('Notes.note');
    expect(error.message).toContain('"slug"');
  });

  it('compiles a template that matches URIs', () => {
    const entry = compileResourceTemplate({
      uriTemplate: 'notes://{id}',
      name: 'note',
      handler: noop,
    });
    expect(entry.template.match('notes://42')).toEqual({ id: '42' });
    expect(entry.complete).toEqual({});
  });
});

describe('compilePrompt', () => {
  it('rejects an invalid name, naming the source', () => {
    const error = thrown(() => compilePrompt({ name: 'say hi', handler: noop, source: 'P.hi' }));
    expect(error).toBeInstanceOf(InvalidNameError);
    expect(error.message).toContain('P.hi');
  });

  it('rejects completion for an argument the prompt does not have', () => {
    const error = thrown(() =>
      compilePrompt({
        name: 'summarize',
        handler: noop,
        source: 'P.summarize',
        args: z.object({ id: z.string() }),
        complete: { topic: () => [] },
      }),
    );
    expect(error).toBeInstanceOf(InvalidSchemaError);
    expect(error.message).toContain('P.summarize');
    expect(error.message).toContain('"topic"');
  });

  it('rejects an argument schema that cannot take a string (prompt arguments are strings)', () => {
    const error = thrown(() =>
      compilePrompt({ name: 'count', handler: noop, source: 'P.count', args: z.object({ n: z.number() }) }),
    );
    expect(error).toBeInstanceOf(InvalidSchemaError);
    expect(error.message).toContain('P.count');
    expect(error.message).toContain('"n"');
  });

  it('takes argument schemas that accept strings, coercing ones included', () => {
    const args = z.object({
      text: z.string().min(1),
      mode: z.enum(['short', 'long']),
      count: z.coerce.number().int().optional(),
      parsed: z.string().transform(Number),
      either: z.union([z.string(), z.number()]),
      anything: z.any(),
    });
    expect(() => compilePrompt({ name: 'ok', handler: noop, source: 'P.ok', args })).not.toThrow();
  });

  it('lists arguments with their description and whether they are required', () => {
    const entry = compilePrompt({
      name: 'summarize',
      handler: noop,
      args: z.object({
        id: z.string().describe('Note id'),
        style: z.string().optional(),
      }),
    });
    expect(entry.definition.arguments).toEqual([
      { name: 'id', description: 'Note id', required: true },
      { name: 'style', required: false },
    ]);
  });
});

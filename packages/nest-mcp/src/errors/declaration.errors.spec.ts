import { Injectable, Module, type Type } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { Prompt, Resource, ResourceTemplate, Tool, type JsonSchemaObject } from '../decorators/index.js';
import {
  DuplicateNameError,
  InvalidNameError,
  InvalidSchemaError,
  InvalidUriError,
  InvalidUriTemplateError,
  McpDeclarationError,
} from './declaration.errors.js';
import { bootError as bootModuleError } from '../../test/support/testing-module.js';

/**
 * Returns what the boot rejects with when `providers` sit in a feature module:
 * declarations are checked when the explorer runs, in `onModuleInit`, so
 * `compile()` itself must succeed.
 */
function bootError(...providers: Type[]): Promise<Error> {
  @Module({ providers })
  class FeatureModule {}

  return bootModuleError(FeatureModule);
}

@Injectable()
class SearchA {
  @Tool({ name: 'search' })
  find(): void {}
}

@Injectable()
class SearchB {
  @Tool()
  search(): void {}
}

@Injectable()
class PromptsA {
  @Prompt()
  greet(): string {
    return 'hi';
  }
}

@Injectable()
class PromptsB {
  @Prompt({ name: 'greet' })
  hello(): string {
    return 'hello';
  }
}

@Injectable()
class ResourcesA {
  @Resource({ uri: 'notes://index' })
  index(): string {
    return '';
  }
}

@Injectable()
class ResourcesB {
  @Resource({ uri: 'notes://index', name: 'other' })
  listing(): string {
    return '';
  }
}

@Injectable()
class SpacedName {
  @Tool({ name: 'search notes' })
  search(): void {}
}

@Injectable()
class LongName {
  @Tool({ name: 'x'.repeat(129) })
  search(): void {}
}

@Injectable()
class BadPromptName {
  @Prompt({ name: 'say/hi' })
  greet(): string {
    return 'hi';
  }
}

@Injectable()
class ZodStringInput {
  @Tool({ input: z.string() })
  echo(): void {}
}

@Injectable()
class JsonStringInput {
  @Tool({ input: { type: 'string' } as unknown as JsonSchemaObject })
  echo(): void {}
}

@Injectable()
class ArrayOutput {
  @Tool({ output: z.array(z.string()) })
  list(): void {}
}

@Injectable()
class UnclosedTemplate {
  @ResourceTemplate({ uriTemplate: 'notes://{id' })
  note(): string {
    return '';
  }
}

@Injectable()
class NoVariables {
  @ResourceTemplate({ uriTemplate: 'no-vars' })
  note(): string {
    return '';
  }
}

@Injectable()
class RelativeUri {
  @Resource({ uri: 'notes/index' })
  index(): string {
    return '';
  }
}

describe('declaration errors at boot', () => {
  describe('DuplicateNameError', () => {
    it('names both declarations of a tool name used by two classes', async () => {
      const error = await bootError(SearchA, SearchB);
      expect(error).toBeInstanceOf(DuplicateNameError);
      expect(error).toBeInstanceOf(McpDeclarationError);
      expect(error.name).toBe('DuplicateNameError');
      expect(error.message).toContain('"search"');
      expect(error.message).toContain('SearchA.find');
      expect(error.message).toContain('SearchB.search');
    });

    it('names both declarations of a prompt name used by two classes', async () => {
      const error = await bootError(PromptsA, PromptsB);
      expect(error).toBeInstanceOf(DuplicateNameError);
      expect(error.message).toContain('PromptsA.greet');
      expect(error.message).toContain('PromptsB.hello');
    });

    it('names both declarations of one resource URI', async () => {
      const error = await bootError(ResourcesA, ResourcesB);
      expect(error).toBeInstanceOf(DuplicateNameError);
      expect(error.message).toContain('notes://index');
      expect(error.message).toContain('ResourcesA.index');
      expect(error.message).toContain('ResourcesB.listing');
    });
  });

  describe('InvalidNameError', () => {
    it.each([
      ['a space', SpacedName, 'SpacedName.search'],
      ['more than 128 characters', LongName, 'LongName.search'],
      ['a slash (prompt)', BadPromptName, 'BadPromptName.greet'],
    ])('rejects a name with %s, naming Class.method', async (_, fixture, source) => {
      const error = await bootError(fixture);
      expect(error).toBeInstanceOf(InvalidNameError);
      expect(error.name).toBe('InvalidNameError');
      expect(error.message).toContain(source);
    });
  });

  describe('InvalidSchemaError', () => {
    it.each([
      ['a zod string', ZodStringInput, 'ZodStringInput.echo'],
      ['a JSON Schema string', JsonStringInput, 'JsonStringInput.echo'],
    ])('rejects %s as input schema, naming Class.method', async (_, fixture, source) => {
      const error = await bootError(fixture);
      expect(error).toBeInstanceOf(InvalidSchemaError);
      expect(error.name).toBe('InvalidSchemaError');
      expect(error.message).toContain(source);
      expect(error.message).toContain('input');
    });

    it('rejects an output schema whose root is not an object', async () => {
      const error = await bootError(ArrayOutput);
      expect(error).toBeInstanceOf(InvalidSchemaError);
      expect(error.message).toContain('ArrayOutput.list');
      expect(error.message).toContain('output');
    });
  });

  describe('InvalidUriTemplateError', () => {
    it.each([
      ['notes://{id', UnclosedTemplate, 'UnclosedTemplate.note'],
      ['no-vars', NoVariables, 'NoVariables.note'],
    ])('rejects %j, naming Class.method', async (template, fixture, source) => {
      const error = await bootError(fixture);
      expect(error).toBeInstanceOf(InvalidUriTemplateError);
      expect(error.name).toBe('InvalidUriTemplateError');
      expect(error.message).toContain(`"${template}"`);
      expect(error.message).toContain(source);
    });
  });

  describe('InvalidUriError', () => {
    it('rejects a fixed resource whose URI is not absolute, naming Class.method', async () => {
      const error = await bootError(RelativeUri);
      expect(error).toBeInstanceOf(InvalidUriError);
      expect(error.name).toBe('InvalidUriError');
      expect(error.message).toContain('"notes/index"');
      expect(error.message).toContain('RelativeUri.index');
    });
  });
});

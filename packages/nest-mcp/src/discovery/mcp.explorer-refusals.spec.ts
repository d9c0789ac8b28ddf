import { Injectable, Module, Scope } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { ResourceTemplate, Tool } from '../decorators/index.js';
import { McpDeclarationError } from '../errors/declaration.errors.js';
import { bootError } from '../../test/support/testing-module.js';

describe('McpExplorer', () => {
  describe('request scope', () => {
    @Injectable({ scope: Scope.REQUEST })
    class PerRequestTools {
      @Tool()
      whoAmI(): string {
        return 'me';
      }
    }

    @Injectable({ scope: Scope.REQUEST })
    class RequestState {}

    @Injectable()
    class ImplicitlyScopedTools {
      constructor(readonly state: RequestState) {}

      @Tool()
      current(): void {}
    }

    @Injectable({ scope: Scope.TRANSIENT })
    class TransientTools {
      @Tool()
      fresh(): string {
        return 'new';
      }
    }

    @Module({ providers: [PerRequestTools] })
    class ExplicitModule {}

    @Module({ providers: [TransientTools] })
    class TransientModule {}

    @Module({ providers: [RequestState, ImplicitlyScopedTools] })
    class ImplicitModule {}

    it('stops the boot when a request-scoped provider declares a tool, naming Class.method', async () => {
      const error = await bootError(ExplicitModule);
      expect(error).toBeInstanceOf(McpDeclarationError);
      expect(error.message).toContain('PerRequestTools.whoAmI');
      expect(error.message).toContain('request-scoped');
    });

    it('stops the boot when a transient provider declares a tool (it has no one instance to call)', async () => {
      const error = await bootError(TransientModule);
      expect(error).toBeInstanceOf(McpDeclarationError);
      expect(error.message).toContain('TransientTools.fresh');
    });

    it('stops the boot when the provider is request-scoped through a dependency', async () => {
      const error = await bootError(ImplicitModule);
      expect(error).toBeInstanceOf(McpDeclarationError);
      expect(error.message).toContain('ImplicitlyScopedTools.current');
    });
  });

  describe('completers', () => {
    @Injectable()
    class BadCompleter {
      @ResourceTemplate({
        uriTemplate: 'things://{id}',
        complete: { id: 'missingMethod' },
      })
      thing(): string {
        return '';
      }
    }

    @Module({ providers: [BadCompleter] })
    class BadCompleterModule {}

    it('stops the boot when a completer names no method of the class', async () => {
      const error = await bootError(BadCompleterModule);
      expect(error).toBeInstanceOf(McpDeclarationError);
      expect(error.message).toContain('BadCompleter.thing');
      expect(error.message).toContain('missingMethod');
    });
  });
});

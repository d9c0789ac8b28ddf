import { Injectable, Module } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DuplicateNameError, InvalidSchemaError, McpModule, Tool } from '../src/index.js';
import { startMcpApp } from '../src/testing/index.js';

@Injectable()
class SearchTools {
  @Tool({ name: 'search' })
  find(): string {
    return 'a';
  }
}

@Injectable()
class WikiTools {
  @Tool({ name: 'search' })
  lookup(): string {
    return 'b';
  }
}

@Injectable()
class StringInputTools {
  @Tool({ input: z.string() as never })
  broken(): string {
    return '';
  }
}

const appWith = (...providers: unknown[]) => {
  @Module({
    imports: [McpModule.forRoot({ name: 'boot', version: '1' })],
    providers: providers as never[],
  })
  class BootModule {}
  return BootModule;
};

describe('declarations that stop the boot', () => {
  it('stops the boot on a duplicate tool name, naming both class methods', async () => {
    const boot = startMcpApp(appWith(SearchTools, WikiTools), {
      logger: false,
    });
    await expect(boot).rejects.toThrow(DuplicateNameError);
    await expect(boot).rejects.toThrow('tool "search" is declared by SearchTools.find and WikiTools.lookup');
  });

  it('stops the boot on an input schema that is not an object', async () => {
    await expect(startMcpApp(appWith(StringInputTools), { logger: false })).rejects.toThrow(InvalidSchemaError);
    await expect(startMcpApp(appWith(StringInputTools), { logger: false })).rejects.toThrow('StringInputTools.broken');
  });
});

import type { Type } from '@nestjs/common';
import { Test, type TestingModule } from '@nestjs/testing';
import { McpModule } from '../../src/mcp.module.js';

/** A testing module of `McpModule.forRoot` beside `imports`, compiled but not initialised, its logger off. */
async function compile(...imports: Type[]): Promise<TestingModule> {
  const moduleRef = await Test.createTestingModule({
    imports: [McpModule.forRoot({ name: 'test', version: '0.0.0' }), ...imports],
  }).compile();
  moduleRef.useLogger(false);
  return moduleRef;
}

/** Compiles and initialises (the explorer runs in `onModuleInit`); the caller closes it. */
export async function boot(...imports: Type[]): Promise<TestingModule> {
  const moduleRef = await compile(...imports);
  await moduleRef.init();
  return moduleRef;
}

/** Compiles, then returns what `init()` (where the explorer runs) rejects with. */
export async function bootError(...imports: Type[]): Promise<Error> {
  const moduleRef = await compile(...imports);
  try {
    await moduleRef.init();
  } catch (error) {
    return error as Error;
  } finally {
    await moduleRef.close();
  }
  throw new Error('expected the boot to fail');
}

import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppProcess, connectTestClient, CLIENT_KINDS, textOf } from 'nest-mcp/testing';

const run = promisify(execFile);
const REPO = resolve(import.meta.dirname, '..');
const PACKAGE_DIR = join(REPO, 'packages/nest-mcp');

/** The version this repo installed of `name`: the npm cache holds it, so the temp app installs offline-first. */
const versionOf = (name: string): string =>
  (JSON.parse(readFileSync(join(REPO, 'node_modules', name, 'package.json'), 'utf8')) as { version: string }).version;

/**
 * A Nest app as `nest new` makes it today (ES module, `.js` imports), plus one
 * provider with a tool and, as the README asks, zod's switch first in main.ts.
 */
const APP_FILES: Record<string, string> = {
  'tsconfig.json': JSON.stringify({
    compilerOptions: {
      module: 'nodenext',
      moduleResolution: 'nodenext',
      target: 'ES2023',
      declaration: false,
      emitDecoratorMetadata: true,
      experimentalDecorators: true,
      skipLibCheck: true,
      strict: true,
      strictPropertyInitialization: false,
      outDir: './dist',
      rootDir: './src',
      types: ['node'],
    },
    include: ['src'],
  }),
  'src/main.ts': `import 'reflect-metadata';
import 'nest-mcp/zod-acyclic';
import { NestFactory } from '@nestjs/core';
import { AppModule } from './app.module.js';

const app = await NestFactory.create(AppModule);
await app.listen(Number(process.env.PORT ?? 3000), '127.0.0.1');
`,
  'src/app.controller.ts': `import { Controller, Get } from '@nestjs/common';

@Controller()
export class AppController {
  @Get('hello')
  hello(): string {
    return 'Hello World!';
  }
}
`,
  'src/greeting.tools.ts': `import { Injectable } from '@nestjs/common';
import { Tool } from 'nest-mcp';
import { z } from 'zod';

@Injectable()
export class GreetingTools {
  @Tool({ description: 'Greets someone by name', input: z.object({ name: z.string() }) })
  greet({ name }: { name: string }): string {
    return \`Hello, \${name}!\`;
  }
}
`,
  'src/app.module.ts': `import { Module } from '@nestjs/common';
import { McpModule } from 'nest-mcp';
import { AppController } from './app.controller.js';
import { GreetingTools } from './greeting.tools.js';

@Module({
  imports: [McpModule.forRoot({ name: 'plain-app', version: '0.0.1' })],
  controllers: [AppController],
  providers: [GreetingTools],
})
export class AppModule {}
`,
};

/** What the app installs beside the tarball: Nest's own packages, the SDK and peers nest-mcp needs, zod for its schemas. */
const DEPENDENCIES = [
  '@nestjs/common',
  '@nestjs/core',
  '@nestjs/platform-express',
  '@nestjs/jwt',
  '@nestjs/throttler',
  '@modelcontextprotocol/server',
  'reflect-metadata',
  'rxjs',
  'zod',
];

/**
 * The framework as a user gets it: `npm pack` of the built package, installed
 * into a fresh Nest 12 app in a temp folder (created the ordinary way, plain
 * `NestFactory.create`), compiled with tsc against that app's own
 * node_modules, and started; both SDK lines call its tool.
 */
describe('nest-mcp packed and installed into a fresh Nest app', () => {
  let dir: string;
  let app: AppProcess;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'plain-nest-app-'));
    const { stdout } = await run('npm', ['pack', '--pack-destination', dir, '--silent'], { cwd: PACKAGE_DIR });
    const tarball = join(dir, stdout.trim().split('\n').pop()!);
    for (const [file, text] of Object.entries(APP_FILES)) {
      mkdirSync(dirname(join(dir, file)), { recursive: true });
      writeFileSync(join(dir, file), text);
    }
    writeFileSync(
      join(dir, 'package.json'),
      JSON.stringify({ name: 'plain-nest-app', version: '0.0.1', private: true, type: 'module' }),
    );
    const started = Date.now();
    await run(
      'npm',
      [
        'install',
        '--prefer-offline',
        '--no-audit',
        '--no-fund',
        tarball,
        ...DEPENDENCIES.map((name) => `${name}@${versionOf(name)}`),
        `@types/node@${versionOf('@types/node')}`,
      ],
      { cwd: dir, timeout: 120_000 },
    );
    console.log(`npm install of the packed nest-mcp took ${Date.now() - started} ms`);
    await run(join(REPO, 'node_modules/.bin/tsc'), ['-p', join(dir, 'tsconfig.json')], { cwd: dir });
    app = await AppProcess.start({}, join(dir, 'dist/main.js'), dir);
    await app.ready();
  }, 150_000);

  afterAll(async () => {
    await app?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('installs no optional peer the app did not ask for (SDK v1)', () => {
    const installed = (name: string) => {
      try {
        readFileSync(join(dir, 'node_modules', name, 'package.json'));
        return true;
      } catch {
        return false;
      }
    };
    expect(installed('nest-mcp')).toBe(true);
    // Optional peers: an app without Redis or SDK v1 installs neither.
    expect(installed('@modelcontextprotocol/sdk')).toBe(false);
    expect(installed('ioredis')).toBe(false);
  });

  it.each(CLIENT_KINDS)('serves the decorated tool to %s', async (kind) => {
    const client = await connectTestClient(kind, app.url);
    expect(textOf(await client.callTool('greet', { name: 'Ada' }))).toBe('Hello, Ada!');
    const bad = await client.callTool('greet', { name: 7 });
    expect(bad.isError).toBe(true);
    await client.close();
  });

  it('answers a malformed body on the endpoint as JSON-RPC, though Nest parsed it', async () => {
    const response = await fetch(app.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
      body: '{"jsonrpc":',
    });
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: -32700 } });
  });

  it("leaves the app's own REST route untouched", async () => {
    const response = await fetch(new URL('/hello', app.url));
    expect(response.status).toBe(200);
    expect(await response.text()).toBe('Hello World!');
  });
});

import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { Injectable, Module } from '@nestjs/common';
import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { DuplicateNameError, InvalidSchemaError, McpModule, Tool } from 'nest-mcp';
import { startMcpApp } from 'nest-mcp/testing';
import { AppProcess } from 'nest-mcp/testing';

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

/** Runs the built app (dist/main.js) with extra env and returns its exit code and output. */
function runBuiltApp(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['dist/main.js'], {
      env: { ...process.env, ...env },
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill('SIGTERM'), 10_000);
    child.on('exit', (code) => {
      clearTimeout(timer);
      resolve({ code, output });
    });
  });
}

describe('boot failures', () => {
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

  it('refuses to start with an invalid environment variable, naming it', async () => {
    const { code, output } = await runBuiltApp({
      PORT: 'not-a-port',
      MCP_LEGACY_MODE: 'sometimes',
    });
    expect(code).not.toBe(0);
    expect(output).toContain('PORT');
    expect(output).toContain('MCP_LEGACY_MODE');
    expect(output).not.toMatch(/^\s+at /m);
  });
});

describe('the built app', () => {
  it('builds every zod schema with cycle tracking off (main.ts imports nest-mcp/zod-acyclic first, the bundle keeps that order)', async () => {
    // The trap names the memoizer each schema was built with; a bad PORT stops the boot once all modules have loaded.
    const trap = fileURLToPath(
      import.meta.resolve('nest-mcp/package.json').replace('package.json', 'test/support/zod-memoizer-trap.mjs'),
    );
    const { output } = await runBuiltApp({ PORT: 'not-a-port', NODE_OPTIONS: `--import ${trap}` });
    expect(output).toContain('zod memoizers: UntrackedMemoizer\n');
  });

  it('reads a .env file in its working directory; the environment wins over it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'dotenv-'));
    writeFileSync(join(dir, '.env'), 'MCP_PATH=/from-dotenv\nLOG_FORMAT=json\nMCP_RATE_LIMIT=7\n');
    const app = await AppProcess.start({ MCP_RATE_LIMIT: '9' }, 'dist/main.js', dir);
    try {
      await app.ready();
      expect(app.output).toContain(`serving MCP at http://127.0.0.1:${app.port}/from-dotenv`);
      const response = await fetch(new URL('/from-dotenv', app.url), {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream' },
        body: '{}',
      });
      await response.text();
      expect(response.headers.get('x-ratelimit-limit')).toBe('9');
    } finally {
      await app.stop();
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('keeps class names in what it logs (the bundle renames nothing a reader sees)', async () => {
    const app = await AppProcess.start({ LOG_LEVEL: 'info', LOG_FORMAT: 'pretty' });
    try {
      await app.ready();
      const output = stripVTControlCharacters(app.output); // no colours
      expect(output).toContain('[InstanceLoader] AppModule dependencies initialized');
      expect(output).toContain('[RoutesResolver] McpController {/mcp}');
      expect(output).not.toMatch(/\b(McpController|AppModule|McpModule)\d\b/);
      // Where the endpoint is, and what it serves (the example app: notes).
      expect(output).toContain(
        `[McpEndpoint] serving MCP at http://127.0.0.1:${app.port}/mcp: 4 tools, 1 resource, 1 resource template, 1 prompt`,
      );
    } finally {
      await app.stop();
    }
  });
});

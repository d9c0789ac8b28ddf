import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { stripVTControlCharacters } from 'node:util';
import { describe, expect, it } from 'vitest';
import { AppProcess, runScript } from 'nest-mcp/testing';

describe('boot failures', () => {
  it('refuses to start with an invalid environment variable, naming it', async () => {
    const { code, output } = await runScript('dist/main.js', {
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
    const { output } = await runScript('dist/main.js', { PORT: 'not-a-port', NODE_OPTIONS: `--import ${trap}` });
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
      // Where the endpoint is, and what it serves (counts of whatever src/tools declares).
      expect(output).toMatch(
        new RegExp(
          `\\[McpEndpoint\\] serving MCP at http://127\\.0\\.0\\.1:${app.port}/mcp: [1-9]\\d* tools?, \\d+ resources?, \\d+ resource templates?, \\d+ prompts?`,
        ),
      );
    } finally {
      await app.stop();
    }
  });
});

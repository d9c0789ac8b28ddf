import { describe, expect, it } from 'vitest';
import { fileURLToPath } from 'node:url';
import { AppProcess, runScript } from 'nest-mcp/testing';

/** The token CLI the framework ships (`npm run token`, `npx nest-mcp-token`). */
const MINT_TOKEN = fileURLToPath(import.meta.resolve('nest-mcp/package.json').replace('package.json', 'dist/cli/mint-token.js'));

/** A 2025-era initialize, raw: what any client sends first. */
const initialize = (url: URL, headers: Record<string, string>) =>
  fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', accept: 'application/json, text/event-stream', ...headers },
    body: JSON.stringify({
      jsonrpc: '2.0',
      id: 1,
      method: 'initialize',
      params: { protocolVersion: '2025-11-25', capabilities: {}, clientInfo: { name: 'raw', version: '1' } },
    }),
  });

const SECRET = 'dev-secret-that-is-at-least-32-characters-long';
const API_KEY = 'sk_live_abcdefghijklmnopqrstuvwxyz';

describe('the built app as an operator runs it', () => {
  it('refuses to boot without auth under NODE_ENV=production, naming MCP_AUTH', async () => {
    const app = await AppProcess.start({ NODE_ENV: 'production' });
    expect(await app.exit()).not.toBe(0);
    expect(app.output).toContain('MCP_AUTH');
    expect(app.output).toContain('MCP_ALLOW_INSECURE');
  });

  it('boots with auth off only when told to, and says so loudly', async () => {
    const app = await AppProcess.start({ NODE_ENV: 'production', MCP_ALLOW_INSECURE: 'true' });
    await app.ready();
    expect(app.output).toContain('AUTHENTICATION IS OFF');
    expect(await app.stop()).toBe(0);
  });

  it('mints a dev token with npm run token that the server accepts, and never logs a credential', async () => {
    const app = await AppProcess.start({
      MCP_JWT_SECRET: SECRET,
      MCP_API_KEYS: `ci-bot:${API_KEY}:notes:read`,
      LOG_LEVEL: 'verbose',
    });
    await app.ready();
    const minted = await runScript(MINT_TOKEN, { MCP_JWT_SECRET: SECRET, PORT: String(app.port) }, [
      '--sub',
      'alice',
      '--scope',
      'notes:read notes:write',
    ]);
    expect(minted.code).toBe(0);
    const token = minted.output.trim();

    const accepted = await initialize(app.url, { authorization: `Bearer ${token}` });
    expect(accepted.status).toBe(200);
    await accepted.text();
    const tampered = await initialize(app.url, { authorization: `Bearer ${token.slice(0, -4)}AAAA` });
    expect(tampered.status).toBe(401);
    const withKey = await initialize(app.url, { 'x-api-key': API_KEY });
    expect(withKey.status).toBe(200);
    await withKey.text();
    const wrongKey = await initialize(app.url, { 'x-api-key': `${API_KEY}x` });
    expect(wrongKey.status).toBe(401);

    expect(await app.stop()).toBe(0);
    expect(app.output.length).toBeGreaterThan(0);
    for (const secret of [SECRET, token, token.split('.')[2], API_KEY, 'Bearer ']) {
      expect(app.output).not.toContain(secret);
    }
    expect(app.output).not.toMatch(/^\s+at /m);
  });
});

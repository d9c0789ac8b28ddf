import { generateKeyPairSync } from 'node:crypto';
import { Module } from '@nestjs/common';
import { SignJWT } from 'jose';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { McpEnvModule, mcpModuleFromEnv } from '../src/index.js';
import { startMcpApp, textOf, type RunningMcpApp } from '../src/testing/index.js';
import { SecureTools, secureModule } from './fixtures/secure.module.js';
import { initializeBody, initializeWithHost, post } from './support/raw-http.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';

/** The secure fixture configured the way the app is: from the environment. */
@Module({
  imports: [McpEnvModule, mcpModuleFromEnv({ name: 'env-secure', version: '1.0.0' })],
  providers: [SecureTools],
})
class EnvSecureModule {}

let running: RunningMcpApp | undefined;
afterEach(async () => {
  await running?.close();
  running = undefined;
  vi.unstubAllEnvs();
});

describe('startMcpApp mints tokens for the app it started', () => {
  it('calls a scoped tool with a minted token: allowed with the scope, refused without', async () => {
    running = await startMcpApp(secureModule({ mode: 'jwt', secret: SECRET, issuer: 'https://idp.test' }));
    const writer = await running.connect('modern', { token: await running.token({ scopes: ['notes:write'] }) });
    expect(textOf(await writer.callTool({ name: 'write_note', arguments: { text: 'hi' } }))).toBe('wrote hi');

    const reader = await running.connect('legacy', { token: await running.token({ scopes: ['notes:read'] }) });
    await expect(reader.callTool({ name: 'write_note', arguments: { text: 'hi' } })).rejects.toThrow(/notes:write/);
    await Promise.all([writer.close(), reader.close()]);
  });

  it('puts subject, roles and extra claims in the token', async () => {
    running = await startMcpApp(secureModule({ mode: 'jwt', secret: SECRET }));
    const token = await running.token({ sub: 'carol', roles: ['admin'], claims: { tenant: 'acme' } });
    const client = await running.connect('modern', { token });
    const whoami = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} })));
    expect(whoami).toEqual({ subject: 'carol', scopes: [], via: 'jwt', tenant: 'acme' });
    expect(textOf(await client.callTool({ name: 'admin_reset', arguments: {} }))).toBe('reset');
    await client.close();
  });

  it('serves an env-configured app at the port it got, and accepts tokens for that URL', async () => {
    vi.stubEnv('MCP_JWT_SECRET', SECRET);
    running = await startMcpApp(EnvSecureModule);
    const metadata = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', running.url));
    expect(((await metadata.json()) as { resource: string }).resource).toBe(running.url.href);

    // A token for the URL the test knows, signed by hand, as any client would get one.
    const byHand = await new SignJWT({ sub: 'alice', aud: running.url.href, scope: 'notes:write' })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime('1m')
      .sign(new TextEncoder().encode(SECRET));
    expect((await post(running.url, initializeBody(), { authorization: `Bearer ${byHand}` })).status).toBe(200);

    const client = await running.connect('modern', { token: await running.token({ scopes: ['notes:write'] }) });
    expect(textOf(await client.callTool({ name: 'write_note', arguments: { text: 'env' } }))).toBe('wrote env');
    await client.close();
  });

  it("never takes the resource URL from a request's Host header, even the first request's", async () => {
    running = await startMcpApp(secureModule({ mode: 'jwt', secret: SECRET }, { allowedHosts: false }));
    const forged = await initializeWithHost(running.url, 'evil.example');
    expect(forged.status).toBe(401);
    expect(forged.headers['www-authenticate']).toContain(
      `resource_metadata="http://127.0.0.1:${running.url.port}/.well-known/oauth-protected-resource/mcp"`,
    );
    const metadata = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', running.url));
    expect(((await metadata.json()) as { resource: string }).resource).toBe(running.url.href);
  });

  it('keeps an explicitly configured resource URL (the audience) whatever port the app got', async () => {
    const resourceUrl = 'https://mcp.example.com/mcp';
    running = await startMcpApp(secureModule({ mode: 'jwt', secret: SECRET, resourceUrl }));
    const metadata = await fetch(new URL('/.well-known/oauth-protected-resource/mcp', running.url));
    expect(((await metadata.json()) as { resource: string }).resource).toBe(resourceUrl);
    const client = await running.connect('modern', { token: await running.token({ scopes: ['notes:read'] }) });
    expect(textOf(await client.callTool({ name: 'read_notes', arguments: {} }))).toBe('the notes');
    await client.close();
  });

  it('refuses to mint for an app whose auth is off, naming what to configure', async () => {
    running = await startMcpApp(secureModule({ mode: 'none' }));
    await expect(running.token()).rejects.toThrow(/auth is off.*mode: 'jwt'.*secret/);
  });

  it('refuses to mint for an app that verifies with a public key, naming the secret it would need', async () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
    running = await startMcpApp(secureModule({ mode: 'jwt', publicKey: publicPem }));
    await expect(running.token()).rejects.toThrow(/HS256.*auth\.secret \(MCP_JWT_SECRET\)/);
  });
});

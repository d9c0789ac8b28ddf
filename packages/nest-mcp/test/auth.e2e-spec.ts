import { SignJWT, UnsecuredJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { JsonRpcCode } from '../src/index.js';
import type { RunningMcpApp } from '../src/testing/index.js';
import { connectTestClient, textOf } from '../src/testing/clients.js';
import { hs256, ISSUER, SECRET, startHs256, type Hs256App } from './support/hs256-tokens.js';
import { initializeBody, post } from './support/raw-http.js';
import { bearer } from './support/secure-app.js';

const discoverBody = {
  jsonrpc: '2.0',
  id: 1,
  method: 'server/discover',
  params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } },
};

describe('HS256 tokens', () => {
  let running: RunningMcpApp;
  let resource: string;
  let token: Hs256App['token'];
  beforeAll(async () => {
    ({ running, resource, token } = await startHs256());
  });
  afterAll(() => running.close());

  it.each([
    ['2025 initialize', initializeBody()],
    ['2026-07-28 server/discover', discoverBody],
  ])('challenges a request without a token (%s) with 401 and the metadata URL', async (_era, body) => {
    const response = await post(running.url, body);
    expect(response.status).toBe(401);
    const challenge = response.headers.get('www-authenticate')!;
    expect(challenge).toMatch(/^Bearer /);
    expect(challenge).toContain(
      `resource_metadata="http://127.0.0.1:${running.url.port}/.well-known/oauth-protected-resource/mcp"`,
    );
    expect(challenge).toContain('scope="admin audit:read notes:read notes:write"');
    expect(challenge).not.toContain('error=');
    expect(await response.json()).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcCode.Unauthorized } });
  });

  it.each([
    ['a bad signature', () => hs256({ sub: 'alice', aud: resource }, 'another-secret-that-is-long-enough-to-sign')],
    ['an expired token', () => hs256({ sub: 'alice', aud: resource }, SECRET, Math.floor(Date.now() / 1000) - 120)],
    ['another audience', () => hs256({ sub: 'alice', aud: 'https://other.example/mcp' })],
    [
      'another issuer',
      () =>
        new SignJWT({ sub: 'alice', aud: resource })
          .setProtectedHeader({ alg: 'HS256' })
          .setIssuer('https://evil.example')
          .setExpirationTime('5m')
          .sign(new TextEncoder().encode(SECRET)),
    ],
    [
      'alg none',
      async () => new UnsecuredJWT({ sub: 'alice', aud: resource, iss: ISSUER }).setExpirationTime('5m').encode(),
    ],
    ['no subject', () => hs256({ aud: resource })],
    ['garbage', async () => 'not.a.jwt'],
  ])('refuses %s with 401 invalid_token, never a 500', async (_case, make) => {
    const response = await post(running.url, initializeBody(), bearer(await make()));
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });

  it('takes the token only from the Authorization header', async () => {
    const url = new URL(running.url);
    url.searchParams.set('access_token', await token());
    expect((await post(url, initializeBody())).status).toBe(401);
  });

  it('serves RFC 9728 metadata at the root and at the path', async () => {
    for (const path of ['/.well-known/oauth-protected-resource', '/.well-known/oauth-protected-resource/mcp']) {
      const response = await fetch(new URL(path, running.url));
      expect(response.status).toBe(200);
      expect(await response.json()).toEqual({
        resource,
        authorization_servers: [ISSUER],
        scopes_supported: ['admin', 'audit:read', 'notes:read', 'notes:write'],
        bearer_methods_supported: ['header'],
        resource_name: 'MCP server',
      });
    }
  });

  it("gives another principal's session id a 404, as an unknown one", async () => {
    const opened = await post(running.url, initializeBody(), bearer(await token()));
    await opened.text();
    const sessionId = opened.headers.get('mcp-session-id')!;
    const headers = { 'mcp-session-id': sessionId, 'mcp-protocol-version': '2025-06-18' };
    const list = { jsonrpc: '2.0', id: 2, method: 'tools/list', params: {} };
    expect((await post(running.url, list, { ...headers, ...bearer(await token()) })).status).toBe(200);
    const bob = await post(running.url, list, { ...headers, ...bearer(await token({ sub: 'bob' })) });
    expect(bob.status).toBe(404);
  });

  it('accepts service API keys beside JWTs, in X-API-Key or as a bearer', async () => {
    for (const headers of [{ 'x-api-key': 'sk_test_0123456789abcdef' }, bearer('sk_test_0123456789abcdef')]) {
      const client = await connectTestClient('sdk-v2-modern', running.url, { headers });
      expect(JSON.parse(textOf(await client.callTool('whoami')))).toMatchObject({ subject: 'ci-bot', via: 'api-key' });
      await client.close();
    }
    const wrong = await post(running.url, initializeBody(), { 'x-api-key': 'sk_test_0123456789abcdeX' });
    expect(wrong.status).toBe(401);
  });
});

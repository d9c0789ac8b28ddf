import { generateKeyPairSync } from 'node:crypto';
import { ClientCredentialsProvider } from '@modelcontextprotocol/client';
import { SignJWT, importPKCS8, UnsecuredJWT } from 'jose';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { McpRegistry, JsonRpcCode } from '../src/index.js';
import { connectMcpClient, startMcpApp, type RunningMcpApp } from '../src/testing/index.js';
import { CLIENT_KINDS, connectTestClient, textOf } from '../src/testing/clients.js';
import { initializeBody, initializeWithHost, post } from './support/raw-http.js';
import { bearer, startSecure } from './support/secure-app.js';
import { TestIdp } from './support/test-idp.js';
import { secureModule } from './fixtures/secure.module.js';

const SECRET = 'a-test-secret-that-is-long-enough-for-hs256';
const ISSUER = 'https://idp.test';
const modernMeta = {
  'io.modelcontextprotocol/protocolVersion': '2026-07-28',
  'io.modelcontextprotocol/clientInfo': { name: 'raw', version: '1' },
  'io.modelcontextprotocol/clientCapabilities': {},
};
const discoverBody = {
  jsonrpc: '2.0',
  id: 1,
  method: 'server/discover',
  params: { _meta: { 'io.modelcontextprotocol/protocolVersion': '2026-07-28' } },
};

const hs256 = (claims: Record<string, unknown>, secret = SECRET, expiresIn: string | number = '5m') =>
  new SignJWT(claims)
    .setProtectedHeader({ alg: 'HS256' })
    .setIssuer(ISSUER)
    .setIssuedAt()
    .setExpirationTime(expiresIn)
    .sign(new TextEncoder().encode(secret));

describe('HS256 tokens', () => {
  let running: RunningMcpApp;
  let resource: string;
  beforeAll(async () => {
    ({ running, resource } = await startSecure({
      mode: 'jwt',
      secret: SECRET,
      issuer: ISSUER,
      apiKeys: [{ subject: 'ci-bot', key: 'sk_test_0123456789abcdef', scopes: ['notes:read'] }],
    }));
  });
  afterAll(() => running.close());

  const token = (claims: Record<string, unknown> = {}) =>
    hs256({ sub: 'alice', aud: resource, scope: 'notes:read', ...claims });

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

  describe.each(CLIENT_KINDS)('with %s', (kind) => {
    it('shows only what the scopes allow, and steps up with 403 insufficient_scope', async () => {
      const client = await connectTestClient(kind, running.url, { headers: bearer(await token()) });
      const { tools } = await (client.raw as { listTools(): Promise<{ tools: { name: string }[] }> }).listTools();
      expect(tools.map((tool) => tool.name).sort()).toEqual(['admin_reset', 'hold', 'read_notes', 'whoami']);
      expect(textOf(await client.callTool('read_notes'))).toBe('the notes');
      expect(JSON.parse(textOf(await client.callTool('whoami')))).toEqual({
        subject: 'alice',
        scopes: ['notes:read'],
        via: 'jwt',
      });
      await expect(client.callTool('write_note', { text: 'x' })).rejects.toThrow(/403|insufficient|Forbidden/i);
      await expect(client.callTool('admin_reset')).rejects.toMatchObject({ code: JsonRpcCode.Forbidden });
      await client.close();
    });

    it('lets a role-holding principal through the roles guard', async () => {
      const client = await connectTestClient(kind, running.url, {
        headers: bearer(await token({ sub: 'root', roles: ['admin'], scope: 'notes:read notes:write' })),
      });
      expect(textOf(await client.callTool('admin_reset'))).toBe('reset');
      expect(textOf(await client.callTool('write_note', { text: 'hi' }))).toBe('wrote hi');
      await client.close();
    });
  });

  it('filters prompts and resources by scope too, and steps up on reading a hidden resource', async () => {
    const reader = await connectMcpClient(running.url, 'modern', {
      transport: { requestInit: { headers: bearer(await token()) } },
    });
    expect((await reader.listPrompts()).prompts).toEqual([]);
    expect((await reader.listResources()).resources).toEqual([]);
    await expect(reader.readResource({ uri: 'secure://audit' })).rejects.toThrow(/403|insufficient|Forbidden/i);
    await reader.close();

    const auditor = await connectMcpClient(running.url, 'modern', {
      transport: { requestInit: { headers: bearer(await token({ scope: 'audit:read notes:write' })) } },
    });
    expect((await auditor.listPrompts()).prompts.map((prompt) => prompt.name)).toEqual(['draft']);
    expect((await auditor.listResources()).resources.map((resource) => resource.uri)).toEqual(['secure://audit']);
    expect((await auditor.readResource({ uri: 'secure://audit' })).contents[0]).toMatchObject({ text: 'audit log' });
    await auditor.close();
  });

  it('answers a missing scope with the step-up challenge on the wire', async () => {
    const response = await post(
      running.url,
      {
        jsonrpc: '2.0',
        id: 3,
        method: 'tools/call',
        params: {
          name: 'write_note',
          arguments: { text: 'x' },
          _meta: modernMeta,
        },
      },
      { ...bearer(await token()), 'mcp-protocol-version': '2026-07-28' },
    );
    expect(response.status).toBe(403);
    const challenge = response.headers.get('www-authenticate')!;
    expect(challenge).toContain('error="insufficient_scope"');
    expect(challenge).toContain('scope="notes:write"');
    expect(challenge).toContain('resource_metadata=');
  });

  it('refuses a 2025 resources/subscribe without the scopes a read needs, with the same step-up 403', async () => {
    const sessionAs = async (scope: string) => {
      const headers = bearer(await token({ scope }));
      const opened = await post(running.url, initializeBody(), headers);
      await opened.text();
      return {
        ...headers,
        'mcp-session-id': opened.headers.get('mcp-session-id')!,
        'mcp-protocol-version': '2025-06-18',
      };
    };
    const subscribe = { jsonrpc: '2.0', id: 2, method: 'resources/subscribe', params: { uri: 'secure://audit' } };
    const refused = await post(running.url, subscribe, await sessionAs('notes:read'));
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope", scope="audit:read admin"');
    expect(await refused.json()).toMatchObject({ jsonrpc: '2.0', error: { code: JsonRpcCode.Forbidden } });
    const allowed = await post(running.url, subscribe, await sessionAs('audit:read'));
    expect(allowed.status).toBe(200);
    expect(await allowed.text()).toContain('"result":{}');
  });

  it('refuses a 2026-07-28 listen filter naming a resource the caller may not read; one who may hears its updates', async () => {
    const filter = { resourceSubscriptions: ['notes://elsewhere', 'secure://audit'] };
    const listen = {
      jsonrpc: '2.0',
      id: 4,
      method: 'subscriptions/listen',
      params: { notifications: filter, _meta: modernMeta },
    };
    const refused = await post(running.url, listen, { ...bearer(await token()), 'mcp-protocol-version': '2026-07-28' });
    expect(refused.status).toBe(403);
    expect(refused.headers.get('www-authenticate')).toContain('error="insufficient_scope", scope="audit:read admin"');

    const reader = await connectMcpClient(running.url, 'modern', {
      transport: { requestInit: { headers: bearer(await token()) } },
    });
    await expect(reader.listen(filter)).rejects.toThrow(/403|insufficient|Forbidden/i);
    await reader.close();

    const auditor = await connectMcpClient(running.url, 'modern', {
      transport: { requestInit: { headers: bearer(await token({ scope: 'audit:read' })) } },
    });
    const updated: string[] = [];
    auditor.setNotificationHandler('notifications/resources/updated', (notification) => {
      updated.push(notification.params.uri);
    });
    const subscription = await auditor.listen(filter);
    running.app.get(McpRegistry).notifyResourceUpdated('secure://audit');
    await expect.poll(() => updated).toEqual(['secure://audit']);
    await subscription.close();
    await auditor.close();
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

describe('RS256 from a PEM public key', () => {
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const publicPem = publicKey.export({ type: 'spki', format: 'pem' }).toString();
  const privatePem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  let running: RunningMcpApp;
  let resource: string;
  beforeAll(async () => {
    ({ running, resource } = await startSecure({ mode: 'jwt', publicKey: publicPem, issuer: ISSUER }));
  });
  afterAll(() => running.close());

  it('accepts RS256 and refuses an HS256 token keyed with the public key (algorithm confusion)', async () => {
    const rs256 = await new SignJWT({ sub: 'alice', aud: resource, scope: 'notes:read' })
      .setProtectedHeader({ alg: 'RS256' })
      .setIssuer(ISSUER)
      .setExpirationTime('5m')
      .sign(await importPKCS8(privatePem, 'RS256'));
    const client = await connectTestClient('sdk-v1', running.url, { headers: bearer(rs256) });
    expect(textOf(await client.callTool('read_notes'))).toBe('the notes');
    await client.close();
    const confused = await hs256({ sub: 'alice', aud: resource }, publicPem);
    expect((await post(running.url, initializeBody(), bearer(confused))).status).toBe(401);
  });
});

describe('ES256 from a JWKS, and the SDK v2 client discovering its way to a token', () => {
  const idp = new TestIdp();
  let running: RunningMcpApp | undefined;
  let resource: string;
  beforeAll(() => idp.start());
  afterAll(() => idp.stop());
  afterEach(async () => {
    await running?.close();
    running = undefined;
  });

  it('verifies against the JWKS and follows a key rotation to a new kid, refetching at most once per cooldown', async () => {
    ({ running, resource } = await startSecure({
      mode: 'jwt',
      jwksUrl: idp.jwksUrl,
      issuer: idp.issuer,
      jwksCooldownMs: 500,
    }));
    const first = await idp.token({ sub: 'alice', aud: resource, scope: 'notes:read' });
    expect((await post(running.url, initializeBody(), bearer(first))).status).toBe(200);
    expect((await post(running.url, initializeBody(), bearer(first))).status).toBe(200);
    expect(idp.jwksFetches).toBe(1);

    await idp.rotate(false);
    const rotated = await idp.token({ sub: 'alice', aud: resource, scope: 'notes:read' });
    // Within the cooldown an unknown kid does not make the server hammer the IdP.
    expect((await post(running.url, initializeBody(), bearer(rotated))).status).toBe(401);
    expect(idp.jwksFetches).toBe(1);
    await new Promise((resolve) => setTimeout(resolve, 600));
    expect((await post(running.url, initializeBody(), bearer(rotated))).status).toBe(200);
    expect(idp.jwksFetches).toBe(2);
  });

  it('lets ClientCredentialsProvider go 401 -> metadata -> authorization server -> token -> call', async () => {
    ({ running, resource } = await startSecure({ mode: 'jwt', jwksUrl: idp.jwksUrl, issuer: idp.issuer }));
    idp.clients.set('reporting-job', { secret: 'reporting-job-secret', scope: 'notes:read notes:write' });
    const authProvider = new ClientCredentialsProvider({
      clientId: 'reporting-job',
      clientSecret: 'reporting-job-secret',
      expectedIssuer: idp.issuer,
    });
    const client = await connectMcpClient(running.url, 'modern', { transport: { authProvider } });
    const result = await client.callTool({ name: 'write_note', arguments: { text: 'from a job' } });
    expect(result.content).toEqual([{ type: 'text', text: 'wrote from a job' }]);
    const who = await client.callTool({ name: 'whoami', arguments: {} });
    expect(JSON.parse((who.content as { text: string }[])[0].text)).toMatchObject({ subject: 'reporting-job' });
    await client.close();
  });
});

describe('DNS-rebinding protection', () => {
  let running: RunningMcpApp;
  beforeAll(async () => {
    running = await startMcpApp(secureModule({ mode: 'none', resourceUrl: 'http://127.0.0.1/mcp' }));
  });
  afterAll(() => running.close());

  it('refuses a foreign Origin or Host with 403, and lets loopback through', async () => {
    expect((await post(running.url, initializeBody(), { origin: 'http://evil.example' })).status).toBe(403);
    expect((await initializeWithHost(running.url, 'evil.example')).status).toBe(403);
    expect((await initializeWithHost(running.url, `localhost:${running.url.port}`)).status).toBe(200);
    const ok = await post(running.url, initializeBody(), { origin: `http://localhost:${running.url.port}` });
    expect(ok.status).toBe(200);
  });
});

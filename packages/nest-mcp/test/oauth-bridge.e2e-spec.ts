// The OAuth bridge end to end: a real upstream OpenID provider, the SDK v2 client's OAuth, a
// scripted user agent, and the bridge (oidc-provider + openid-client) in a nest-mcp server.
import { textOf, type RunningMcpApp } from '../src/testing/index.js';
import { register, startBridged, tokenRequest } from './support/bridged-app.js';
import { connectWithOAuth, loopbackRedirectUri, type InMemoryOAuthClientProvider } from './support/oauth-client.js';
import { ScriptedBrowser } from './support/scripted-browser.js';
import { startUpstreamIdp, type UpstreamIdp } from './support/upstream-idp.js';
import { startSecure } from './support/secure-app.js';

let idp: UpstreamIdp;
let running: RunningMcpApp;
let origin: string;

/** A scope only some users get: notes:write for the IdP's editors. */
const BRIDGE_OPTIONS = { scopeClaims: { 'notes:write': { groups: ['editors'] } } };

beforeAll(async () => {
  idp = await startUpstreamIdp({ claims: (sub) => ({ groups: sub === 'erin' ? ['editors', 'staff'] : ['staff'] }) });
  running = await startBridged(idp, BRIDGE_OPTIONS);
  origin = running.url.origin;
});
afterAll(async () => {
  await running?.close();
  await idp?.close();
});

describe('the bridge as an authorization server', () => {
  it('publishes RFC 8414 metadata at the origin, and the resource names it', async () => {
    const metadata = (await (await fetch(`${origin}/.well-known/oauth-authorization-server`)).json()) as Record<
      string,
      unknown
    >;
    expect(metadata).toMatchObject({
      issuer: origin,
      authorization_endpoint: `${origin}/oauth/authorize`,
      token_endpoint: `${origin}/oauth/token`,
      registration_endpoint: `${origin}/oauth/register`,
      revocation_endpoint: `${origin}/oauth/revoke`,
      jwks_uri: `${origin}/oauth/jwks`,
      code_challenge_methods_supported: ['S256'],
      authorization_response_iss_parameter_supported: true,
      client_id_metadata_document_supported: true,
    });
    const resource = (await (await fetch(`${origin}/.well-known/oauth-protected-resource/mcp`)).json()) as Record<
      string,
      unknown
    >;
    expect(resource).toMatchObject({ resource: running.url.href, authorization_servers: [origin] });
    const jwks = (await (await fetch(`${origin}/oauth/jwks`)).json()) as { keys: Record<string, unknown>[] };
    expect(jwks.keys).toHaveLength(1);
    expect(jwks.keys[0]).not.toHaveProperty('d');
  });
});

describe.each(['modern', 'legacy'] as const)('sign-in through the upstream IdP (%s era)', (era) => {
  it('signs in with the SDK client, lists tools and calls scoped ones as the upstream user', async () => {
    const browser = new ScriptedBrowser({ login: 'erin' });
    const { client, provider } = await connectWithOAuth(running.url, era, browser);
    try {
      // The user went to the IdP (code + PKCE there too), came back through /oauth/callback, then consented here.
      const paths = browser.visited.map((url) => `${url.origin === origin ? 'bridge' : 'idp'}:${url.pathname}`);
      expect(paths).toContain('bridge:/oauth/callback');
      expect(paths.some((path) => /^bridge:\/oauth\/interaction\/[\w-]+\/consent$/.test(path))).toBe(true);
      const names = (await client.listTools()).tools.map((tool) => tool.name).sort();
      expect(names).toEqual(['read_notes', 'upstream_userinfo', 'whoami', 'write_note']);
      expect(textOf(await client.callTool({ name: 'read_notes', arguments: {} }))).toBe('the notes');
      expect(textOf(await client.callTool({ name: 'write_note', arguments: {} }))).toBe('written');
      const me = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} })));
      expect(me).toMatchObject({ subject: 'erin', email: 'erin@example.test', groups: ['editors', 'staff'] });
      // The tool reached the IdP as the user; the client never saw the IdP's token.
      const userinfo = JSON.parse(textOf(await client.callTool({ name: 'upstream_userinfo', arguments: {} })));
      expect(userinfo).toMatchObject({ sub: 'erin' });
      const tokens = provider.tokens()!;
      expect(tokens.token_type.toLowerCase()).toBe('bearer');
      const claims = JSON.parse(Buffer.from(tokens.access_token.split('.')[1]!, 'base64url').toString());
      expect(claims).toMatchObject({ iss: origin, aud: running.url.href, sub: 'erin' });
      expect(claims.exp - claims.iat).toBeLessThanOrEqual(300);
    } finally {
      await client.close();
    }
  });
});

describe('scopes', () => {
  it('keeps a scope restricted by upstream claims from a user without them', async () => {
    const { client } = await connectWithOAuth(running.url, 'modern', new ScriptedBrowser({ login: 'dave' }));
    try {
      const me = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} })));
      expect(me.subject).toBe('dave');
      expect(me.scopes).toContain('notes:read');
      expect(me.scopes).not.toContain('notes:write');
      const refused = await client.callTool({ name: 'write_note', arguments: {} }).catch((error: Error) => error);
      expect(refused instanceof Error ? refused.message : textOf(refused)).toMatch(/insufficient_scope/);
    } finally {
      await client.close();
    }
  });
});

describe('refresh tokens', () => {
  let provider: InMemoryOAuthClientProvider;
  beforeAll(async () => {
    const connected = await connectWithOAuth(running.url, 'modern', new ScriptedBrowser());
    await connected.client.close();
    provider = connected.provider;
  });

  it('rotate on use; a used one is refused and takes its grant along', async () => {
    const clientId = provider.clientInformation()!.client_id;
    const first = provider.tokens()!.refresh_token!;
    const rotated = await tokenRequest(origin, {
      grant_type: 'refresh_token',
      refresh_token: first,
      client_id: clientId,
    });
    expect(rotated.status).toBe(200);
    const second = rotated.body.refresh_token as string;
    expect(second).toEqual(expect.any(String));
    expect(second).not.toBe(first);

    const reused = await tokenRequest(origin, {
      grant_type: 'refresh_token',
      refresh_token: first,
      client_id: clientId,
    });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    // Reuse means theft: the whole grant is revoked, the rotated token with it.
    const after = await tokenRequest(origin, {
      grant_type: 'refresh_token',
      refresh_token: second,
      client_id: clientId,
    });
    expect(after).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe('Client ID Metadata Documents', () => {
  it.each([
    ['a loopback address', 'https://127.0.0.1:1/client.json'],
    ['http', 'http://example.com/client.json'],
  ])('are not fetched from %s', async (_kind, clientId) => {
    const response = await fetch(
      `${origin}/oauth/authorize?${new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: 'https://example.com/cb', code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM', code_challenge_method: 'S256' })}`,
      { redirect: 'manual' },
    );
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).toContain('invalid_client');
  });
});

describe('auth on without any authorization server', () => {
  it('sends no client to a dead end: no empty list, and the 401 says what to do', async () => {
    const { running: plain } = await startSecure({ mode: 'jwt', secret: 'x'.repeat(32) });
    try {
      const metadata = (await (
        await fetch(`${plain.url.origin}/.well-known/oauth-protected-resource/mcp`)
      ).json()) as Record<string, unknown>;
      expect(metadata).not.toHaveProperty('authorization_servers');
      const response = await fetch(plain.url, { method: 'POST' });
      expect(response.status).toBe(401);
      expect(response.headers.get('www-authenticate')).toContain(
        'error_description="this server names no authorization server',
      );
    } finally {
      await plain.close();
    }
  });
});

describe('tokens at /mcp', () => {
  it('refuses a token the IdP issued to the bridge (no passthrough)', async () => {
    const idpToken = await idp.clientToken('bridge', { resource: running.url.href, scope: 'notes:read' });
    const response = await fetch(running.url, {
      method: 'POST',
      headers: {
        authorization: `Bearer ${idpToken}`,
        'content-type': 'application/json',
        accept: 'application/json, text/event-stream',
      },
      body: JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tools/list', params: {} }),
    });
    expect(response.status).toBe(401);
    expect(response.headers.get('www-authenticate')).toContain('error="invalid_token"');
  });
});

describe('consent', () => {
  it("is asked of each client: client B does not ride on client A's", async () => {
    const browser = new ScriptedBrowser({ login: 'frank' });
    const a = await connectWithOAuth(running.url, 'modern', browser);
    await a.client.close();
    const seenForA = browser.visited.length;
    const b = await connectWithOAuth(running.url, 'modern', browser);
    await b.client.close();
    const forB = browser.visited.slice(seenForA);
    // Signed in at the bridge already (no trip to the IdP), yet B's own consent page was shown and posted.
    expect(forB.some((url) => url.origin === idp.issuer)).toBe(false);
    expect(forB.some((url) => /^\/oauth\/interaction\/[\w-]+\/consent$/.test(url.pathname))).toBe(true);
    expect(b.provider.clientInformation()!.client_id).not.toBe(a.provider.clientInformation()!.client_id);
  });

  it('a sign-in refused at the IdP gives the client access_denied and no code', async () => {
    const connecting = connectWithOAuth(running.url, 'modern', new ScriptedBrowser({ login: 'gina', approve: false }));
    await expect(connecting).rejects.toMatchObject({ error: 'access_denied' });
  });

  it('denied on the consent page, gives the client access_denied and no code', async () => {
    const browser = new ScriptedBrowser({ login: 'hank' });
    await (await connectWithOAuth(running.url, 'modern', browser)).client.close();
    // A second client: the user is signed in at the bridge, so its first stop is the consent page.
    const redirectUri = await loopbackRedirectUri();
    const { client_id } = (await (await register(origin, redirectUri)).json()) as { client_id: string };
    const start = new URL(
      `${origin}/oauth/authorize?${new URLSearchParams({
        client_id,
        response_type: 'code',
        redirect_uri: redirectUri,
        state: 's2',
        scope: 'notes:read',
        code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
        code_challenge_method: 'S256',
      })}`,
    );
    const consentUrl = await browser.authorize(start, `${origin}/oauth/interaction/`);
    const page = await send(browser, consentUrl);
    const action = /<form method="post" action="([^"]+)"/.exec(await page.text())![1]!;
    let response = await send(
      browser,
      new URL(action.replace(/&amp;/g, '&'), origin),
      new URLSearchParams({ decision: 'deny' }),
    );
    while (response.status === 303 && !response.headers.get('location')!.startsWith(redirectUri)) {
      response = await send(browser, new URL(response.headers.get('location')!, origin));
    }
    const callback = new URL(response.headers.get('location')!);
    expect(callback.searchParams.get('error')).toBe('access_denied');
    expect(callback.searchParams.get('code')).toBeNull();
    expect(callback.searchParams.get('state')).toBe('s2');
  });
});

/** One request of `browser`'s user, with its cookies (what the scripted browser does per step). */
async function send(browser: ScriptedBrowser, url: URL, form?: URLSearchParams): Promise<Response> {
  const cookie = browser.cookies.header(url);
  const response = await fetch(url, {
    method: form ? 'POST' : 'GET',
    body: form,
    headers: { ...(cookie && { cookie }) },
    redirect: 'manual',
  });
  browser.cookies.store(url, response);
  return response;
}

describe('registration', () => {
  it('is bounded per source address, with a clear error past the bound', async () => {
    const bounded = await startBridged(idp, { ...BRIDGE_OPTIONS, maxRegistrationsPerAddress: 2 });
    try {
      const redirectUri = await loopbackRedirectUri();
      expect((await register(bounded.url.origin, redirectUri)).status).toBe(201);
      expect((await register(bounded.url.origin, redirectUri)).status).toBe(201);
      const refused = await register(bounded.url.origin, redirectUri);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({
        error_description: expect.stringMatching(/too many client registrations/),
      });
    } finally {
      await bounded.close();
    }
  });
});

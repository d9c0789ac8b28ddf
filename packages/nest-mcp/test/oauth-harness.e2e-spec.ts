// Proves the sign-in harness (test/support) on real parts only: a real OpenID provider, a
// certified relying party (openid-client), the SDK v2 client's OAuth, and a nest-mcp server.
import { UnauthorizedError, type Client } from '@modelcontextprotocol/client';
import { createRemoteJWKSet, decodeJwt, jwtVerify } from 'jose';
import * as oidc from 'openid-client';
import { textOf } from '../src/testing/index.js';
import { AuthorizationCallbackError, connectWithOAuth, loopbackRedirectUri } from './support/oauth-client.js';
import { ScriptedBrowser } from './support/scripted-browser.js';
import { startSecureTrusting } from './support/secure-app.js';
import { startUpstreamIdp, type UpstreamIdp } from './support/upstream-idp.js';

const SCOPES = 'notes:read notes:write audit:read admin';
let idp: UpstreamIdp;
let redirectUri: string;

beforeAll(async () => {
  idp = await startUpstreamIdp({ claims: (sub) => ({ groups: [`${sub}-team`, 'staff'] }), resourceScopes: SCOPES });
  redirectUri = await loopbackRedirectUri();
  idp.addClient({ clientId: 'bridge', clientSecret: 'bridge-secret', redirectUris: [redirectUri] });
});
afterAll(() => idp.close());

// The relying party as the bridge will be one: discovery, code + PKCE S256, state, nonce.
async function discover(): Promise<oidc.Configuration> {
  return oidc.discovery(new URL(idp.issuer), 'bridge', 'bridge-secret', undefined, {
    execute: [oidc.allowInsecureRequests], // the test IdP's issuer is http on loopback
  });
}

async function authorizationRequest(config: oidc.Configuration, redirect = redirectUri) {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    redirect_uri: redirect,
    scope: 'openid profile email offline_access',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
  });
  return { url, verifier, state, nonce };
}

describe('upstream IdP with the scripted browser and openid-client', () => {
  it('signs in as the login typed, with groups in the ID token, and refreshes', async () => {
    const config = await discover();
    const request = await authorizationRequest(config);
    const browser = new ScriptedBrowser({ login: 'carol' });
    const callback = await browser.authorize(request.url, redirectUri);
    expect(callback.searchParams.get('iss')).toBe(idp.issuer); // RFC 9207

    const tokens = await oidc.authorizationCodeGrant(config, callback, {
      pkceCodeVerifier: request.verifier,
      expectedState: request.state,
      expectedNonce: request.nonce,
    });
    expect(tokens.claims()).toMatchObject({
      sub: 'carol',
      name: 'carol',
      email: 'carol@example.test',
      groups: ['carol-team', 'staff'],
    });
    expect(tokens.refresh_token).toEqual(expect.any(String));

    const refreshed = await oidc.refreshTokenGrant(config, tokens.refresh_token!);
    expect(refreshed.access_token).not.toBe(tokens.access_token);
    const userinfo = await oidc.fetchUserInfo(config, refreshed.access_token, 'carol');
    expect(userinfo).toMatchObject({ sub: 'carol', groups: ['carol-team', 'staff'] });
    // The IdP's own pages, walked: authorize; sign-in page, its post, resume; consent page, its post, resume.
    const paths = browser.visited.map((url) => url.pathname.replace(/[\w-]{20,}/, ':uid'));
    const interaction = ['/interaction/:uid', '/interaction/:uid', '/auth/:uid'];
    expect(paths).toEqual(['/auth', ...interaction, ...interaction]);
    expect(browser.cookies.names('127.0.0.1')).toContain('_session'); // the IdP's sign-in session, kept
  });

  it('refuses an authorization code redeemed without its PKCE verifier', async () => {
    const config = await discover();
    const request = await authorizationRequest(config);
    const callback = await new ScriptedBrowser().authorize(request.url, redirectUri);
    await expect(
      oidc.authorizationCodeGrant(config, callback, {
        pkceCodeVerifier: oidc.randomPKCECodeVerifier(),
        expectedState: request.state,
        expectedNonce: request.nonce,
      }),
    ).rejects.toMatchObject({ error: 'invalid_grant' });
  });

  it('denies on the consent page when told to: the redirect carries access_denied', async () => {
    const config = await discover();
    const request = await authorizationRequest(config);
    const callback = await new ScriptedBrowser({ approve: false }).authorize(request.url, redirectUri);
    expect(callback.searchParams.get('error')).toBe('access_denied');
  });

  it('reports a stuck page and never requests a redirect URI the IdP refused', async () => {
    const config = await discover();
    const foreign = 'http://127.0.0.1:9/evil';
    const request = await authorizationRequest(config, foreign);
    const browser = new ScriptedBrowser();
    await expect(browser.authorize(request.url, redirectUri)).rejects.toThrow(
      /stuck at GET http:\/\/127\.0\.0\.1:\d+\/auth\?.*HTTP 400.*redirect_uri/s,
    );
    expect(browser.visited.map(String)).toEqual([request.url.href]);
  });
});

describe('clientToken: a token the IdP issues to a client itself', () => {
  it('is an opaque token the IdP introspects as active for that client', async () => {
    const token = await idp.clientToken('bridge');
    const config = await discover();
    const introspection = await oidc.tokenIntrospection(config, token);
    expect(introspection).toMatchObject({ active: true, client_id: 'bridge' });
    expect(() => decodeJwt(token)).toThrow();
  });

  it('is a JWT signed by the IdP for a resource, when one is named', async () => {
    const token = await idp.clientToken('bridge', { resource: 'http://127.0.0.1:1/mcp', scope: 'notes:read' });
    const jwks = createRemoteJWKSet(new URL(`${idp.issuer}/jwks`));
    const { payload } = await jwtVerify(token, jwks, { issuer: idp.issuer, audience: 'http://127.0.0.1:1/mcp' });
    expect(payload).toMatchObject({ client_id: 'bridge', scope: 'notes:read' });
  });
});

// The bridge is not here yet: a nest-mcp server that trusts the IdP's JWKS and names it as its
// authorization server lets the SDK client register (DCR) at the IdP itself and sign in there.
describe.each(['modern', 'legacy'] as const)('connectWithOAuth (%s era)', (era) => {
  let secure: Awaited<ReturnType<typeof startSecureTrusting>>;
  const clients: Client[] = [];
  beforeAll(async () => {
    secure = await startSecureTrusting(idp);
  });
  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await secure.running.close();
  });

  it('registers, signs in through the browser, and calls a scoped tool; the tokens are reused', async () => {
    const browser = new ScriptedBrowser({ login: 'dave' });
    const { client, provider } = await connectWithOAuth(secure.running.url, era, browser);
    clients.push(client);
    expect(provider.clientInformation()?.client_id).toEqual(expect.any(String));
    expect((await client.listTools()).tools.map((tool) => tool.name)).toContain('read_notes');
    expect(textOf(await client.callTool({ name: 'read_notes', arguments: {} }))).toBe('the notes');
    const whoami = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} }))) as { subject: string };
    expect(whoami.subject).toBe('dave');

    const again = new ScriptedBrowser();
    const second = await connectWithOAuth(secure.running.url, era, again, { provider });
    clients.push(second.client);
    expect(again.visited).toEqual([]);
  });

  it('refreshes (and rotates) on 401 without the browser when the access token goes stale', async () => {
    const { client, provider } = await connectWithOAuth(secure.running.url, era, new ScriptedBrowser());
    clients.push(client);
    const before = provider.tokens()!;
    provider.saveTokens({ ...before, access_token: 'stale' });
    const browser = new ScriptedBrowser();
    const again = await connectWithOAuth(secure.running.url, era, browser, { provider });
    clients.push(again.client);
    expect(browser.visited).toEqual([]);
    expect(provider.tokens()).toMatchObject({ access_token: expect.not.stringMatching(/^stale$/) });
    expect(provider.tokens()?.refresh_token).not.toBe(before.refresh_token); // a public client's rotates
  });

  it('narrows the scope on request, and reports a denial as AuthorizationCallbackError', async () => {
    const options = { scope: 'notes:write' };
    const { client, provider } = await connectWithOAuth(secure.running.url, era, new ScriptedBrowser(), options);
    clients.push(client);
    const whoami = JSON.parse(textOf(await client.callTool({ name: 'whoami', arguments: {} }))) as { scopes: string[] };
    expect(whoami.scopes).toEqual(['notes:write']);
    // 403 insufficient_scope: the SDK starts a step-up authorization (a new URL for the browser).
    provider.authorizationUrl = undefined;
    await expect(client.callTool({ name: 'read_notes', arguments: {} })).rejects.toBeInstanceOf(UnauthorizedError);
    const stepUp = provider.authorizationUrl as URL | undefined; // set by the SDK during the call
    expect(stepUp?.searchParams.get('scope')).toContain('notes:read');

    const refusing = connectWithOAuth(secure.running.url, era, new ScriptedBrowser({ approve: false }));
    await expect(refusing).rejects.toBeInstanceOf(AuthorizationCallbackError);
    await expect(refusing).rejects.toMatchObject({ error: 'access_denied' });
  });
});

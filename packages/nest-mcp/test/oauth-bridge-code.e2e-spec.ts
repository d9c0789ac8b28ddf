// The bridge's authorization code cannot be redeemed by a crafted request: it needs the verifier
// of its PKCE challenge, its own redirect URI and its own client, and it works once.
import { createHash, randomBytes } from 'node:crypto';
import type { RunningMcpApp } from '../src/testing/index.js';
import { register, startBridged, tokenRequest } from './support/bridged-app.js';
import { loopbackRedirectUri } from './support/oauth-client.js';
import { ScriptedBrowser } from './support/scripted-browser.js';
import { startUpstreamIdp, type UpstreamIdp } from './support/upstream-idp.js';

let idp: UpstreamIdp;
let bridged: RunningMcpApp;
let origin: string;

beforeAll(async () => {
  idp = await startUpstreamIdp();
  bridged = await startBridged(idp);
  origin = bridged.url.origin;
});
afterAll(async () => {
  await bridged.close();
  await idp.close();
});

/** A client registered by DCR, signed in and consented through the browser: its code, verifier and redirect URI. */
async function issuedCode() {
  const redirectUri = await loopbackRedirectUri();
  const { client_id: clientId } = (await (await register(origin, redirectUri)).json()) as { client_id: string };
  const verifier = randomBytes(32).toString('base64url');
  const challenge = createHash('sha256').update(verifier).digest('base64url');
  const authorize = new URL(`${origin}/oauth/authorize`);
  authorize.search = new URLSearchParams({
    client_id: clientId,
    response_type: 'code',
    redirect_uri: redirectUri,
    scope: 'notes:read',
    state: 'st',
    code_challenge: challenge,
    code_challenge_method: 'S256',
    resource: bridged.url.href,
  }).toString();
  const callback = await new ScriptedBrowser().authorize(authorize, redirectUri);
  return { clientId, redirectUri, verifier, code: callback.searchParams.get('code')! };
}

const redeem = (issued: Awaited<ReturnType<typeof issuedCode>>, changes: Record<string, string> = {}) =>
  tokenRequest(origin, {
    grant_type: 'authorization_code',
    code: issued.code,
    client_id: issued.clientId,
    redirect_uri: issued.redirectUri,
    code_verifier: issued.verifier,
    ...changes,
  });

describe('authorization requests', () => {
  let clientId: string;
  let redirectUri: string;
  beforeAll(async () => {
    redirectUri = await loopbackRedirectUri();
    clientId = ((await (await register(origin, redirectUri)).json()) as { client_id: string }).client_id;
  });

  const authorize = (params: Record<string, string>) =>
    fetch(
      `${origin}/oauth/authorize?${new URLSearchParams({ client_id: clientId, response_type: 'code', redirect_uri: redirectUri, state: 's1', scope: 'notes:read', ...params })}`,
      {
        redirect: 'manual',
      },
    );

  it.each([
    ['missing', {}],
    ['plain', { code_challenge: 'a'.repeat(43), code_challenge_method: 'plain' }],
  ])('refuses PKCE %s', async (_kind, pkce) => {
    const response = await authorize(pkce as Record<string, string>);
    expect(response.status).toBe(303);
    const location = new URL(response.headers.get('location')!);
    expect(location.href.startsWith(redirectUri)).toBe(true);
    expect(location.searchParams.get('error')).toBe('invalid_request');
    expect(location.searchParams.get('code')).toBeNull();
    expect(location.searchParams.get('state')).toBe('s1');
    expect(location.searchParams.get('iss')).toBe(origin);
  });

  it('never redirects to a redirect URI the client did not register', async () => {
    const response = await authorize({
      redirect_uri: 'https://attacker.example/callback',
      code_challenge: 'E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM',
      code_challenge_method: 'S256',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('location')).toBeNull();
    expect(await response.text()).not.toContain('attacker.example');
  });
});

describe("the bridge's authorization code", () => {
  it.each([
    ['a wrong PKCE verifier', { code_verifier: randomBytes(32).toString('base64url') }],
    ['another redirect URI', { redirect_uri: 'http://127.0.0.1:9/elsewhere' }],
  ])('is refused with %s, and gives no token', async (_case, changes) => {
    const issued = await issuedCode();
    const refused = await redeem(issued, changes);
    expect(refused.status).toBe(400);
    expect(refused.body).toMatchObject({ error: 'invalid_grant' });
    expect(refused.body).not.toHaveProperty('access_token');
  });

  it("is refused to another client, even one of the same user's", async () => {
    const issued = await issuedCode();
    const other = await issuedCode();
    const refused = await redeem(issued, { client_id: other.clientId });
    expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });

  it('works once: a replay is refused', async () => {
    const issued = await issuedCode();
    const first = await redeem(issued);
    expect(first.status).toBe(200);
    expect(first.body.access_token).toEqual(expect.any(String));
    expect(await redeem(issued)).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

describe("the bridge's pages", () => {
  it('may not be framed by another site (no clickjacking of the consent)', async () => {
    const pages = [
      await fetch(`${origin}/oauth/callback?state=unknown`), // the bridge's own page
      await fetch(`${origin}/oauth/authorize?client_id=nobody`), // oidc-provider's error page
    ];
    for (const page of pages) {
      await page.text();
      expect(page.headers.get('content-type')).toContain('text/html');
      expect(page.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
      expect(page.headers.get('x-frame-options')).toBe('DENY');
    }
  });
});

describe("the bridge's routes", () => {
  it('are rate limited per caller like the endpoint: what an anonymous client can make the bridge hold is bounded', async () => {
    const limited = await startBridged(idp, {}, { rateLimit: { limit: 3, ttlMs: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 4; i++) {
        const response = await fetch(`${limited.url.origin}/oauth/authorize?client_id=nobody`, { redirect: 'manual' });
        await response.text();
        statuses.push(response.status);
      }
      expect(statuses.slice(0, 3)).not.toContain(429);
      expect(statuses[3]).toBe(429);
    } finally {
      await limited.close();
    }
  });
});

import { createServer, type Server } from 'node:http';
import Provider from 'oidc-provider';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inMemoryState, redisState, type OAuthInstance, twoInstancesOnOneRedis } from './support/oauth-state.js';
import { authorize, pkcePair, tokenRequest } from './support/oidc-flow.js';

const REDIRECT_URI = 'http://127.0.0.1:1/callback';

/** A real oidc-provider on a free port, storing everything through the adapter given; one issuer for every instance. */
async function startProvider(instance: OAuthInstance, issuer?: string) {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const origin = `http://127.0.0.1:${(server.address() as { port: number }).port}`;
  const provider = new Provider(issuer ?? origin, {
    adapter: instance.Adapter,
    jwks: { keys: await instance.keys.signingKeys() },
    cookies: { keys: ['cookie-key-shared-by-instances'] },
    clientDefaults: { id_token_signed_response_alg: 'ES256' },
    features: { devInteractions: { enabled: true }, registration: { enabled: true } },
    pkce: { required: () => true },
    rotateRefreshToken: true,
    findAccount: (_ctx, accountId) => ({ accountId, claims: () => ({ sub: accountId }) }),
  });
  server.on('request', provider.callback());
  return { origin, close: () => new Promise((resolve) => server.close(resolve)) };
}

const redis = twoInstancesOnOneRedis();

/** In memory, one provider; in Redis, two providers (instances) that the flow alternates between. */
describe.each([
  { kind: inMemoryState(), instances: 1 },
  { kind: redisState(() => [redis.first, redis.second]), instances: 2 },
])('a real oidc-provider storing through the adapter $kind.name', ({ kind, instances }) => {
  let origins: string[] = [];
  let closers: (() => Promise<unknown>)[] = [];

  beforeAll(async () => {
    const { a, b } = kind.instances();
    const one = await startProvider(a);
    const others = instances === 2 ? [await startProvider(b, one.origin)] : [];
    origins = [one, ...others].map(({ origin }) => origin);
    closers = [one, ...others].map(({ close }) => close);
  });
  afterAll(async () => {
    await Promise.all(closers.map((close) => close()));
  });

  const origin = (i: number) => origins[i % origins.length]!;

  /** Registers a public client (DCR), then signs in and consents: the code, the verifier, the client id. */
  async function codeFlow() {
    const registration = await fetch(new URL('/reg', origin(0)), {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        redirect_uris: [REDIRECT_URI],
        token_endpoint_auth_method: 'none',
        grant_types: ['authorization_code', 'refresh_token'],
        response_types: ['code'],
      }),
    });
    expect(registration.status).toBe(201);
    const { client_id: clientId } = (await registration.json()) as { client_id: string };
    const { verifier, challenge } = pkcePair();
    const answer = await authorize(
      [...origins].reverse(),
      {
        client_id: clientId,
        redirect_uri: REDIRECT_URI,
        response_type: 'code',
        scope: 'openid offline_access',
        prompt: 'consent',
        state: 'st4te',
        code_challenge: challenge,
        code_challenge_method: 'S256',
      },
      'alice',
    );
    expect(answer.get('state')).toBe('st4te');
    expect(answer.get('iss')).toBe(origin(0));
    return { code: answer.get('code')!, verifier, clientId };
  }

  const exchange = (i: number, clientId: string, code: string, verifier: string) =>
    tokenRequest(origin(i), {
      grant_type: 'authorization_code',
      client_id: clientId,
      code,
      code_verifier: verifier,
      redirect_uri: REDIRECT_URI,
    });

  const userinfo = async (i: number, accessToken: string) => {
    const response = await fetch(new URL('/me', origin(i)), { headers: { authorization: `Bearer ${accessToken}` } });
    return { status: response.status, body: await response.text() };
  };

  it('completes an authorization-code flow with PKCE (a registered client, a session, a grant, a code, tokens)', async () => {
    const { code, verifier, clientId } = await codeFlow();
    const tokens = await exchange(1, clientId, code, verifier);
    expect(tokens.status).toBe(200);
    expect(tokens.body).toMatchObject({ access_token: expect.any(String), refresh_token: expect.any(String) });
    const me = await userinfo(0, tokens.body.access_token!);
    expect(me.status).toBe(200);
    expect(JSON.parse(me.body)).toEqual({ sub: 'alice' });
  });

  it('a code used twice is refused, and the tokens of its grant are revoked', async () => {
    const { code, verifier, clientId } = await codeFlow();
    const tokens = await exchange(0, clientId, code, verifier);
    expect(tokens.status).toBe(200);
    const again = await exchange(1, clientId, code, verifier);
    expect(again).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    expect((await userinfo(0, tokens.body.access_token!)).status).toBe(401);
  });

  it('a code redeemed on every instance at once is redeemed once', async () => {
    const { code, verifier, clientId } = await codeFlow();
    const answers = await Promise.all([0, 1, 2, 3].map((i) => exchange(i, clientId, code, verifier)));
    expect(answers.filter(({ status }) => status === 200)).toHaveLength(1);
    for (const refused of answers.filter(({ status }) => status !== 200)) {
      expect(refused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    }
  });

  it('a refresh token rotates on use; reusing the old one is refused and revokes the grant', async () => {
    const { code, verifier, clientId } = await codeFlow();
    const tokens = await exchange(0, clientId, code, verifier);
    const refreshed = await tokenRequest(origin(1), {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: tokens.body.refresh_token!,
    });
    expect(refreshed.status).toBe(200);
    expect(refreshed.body.refresh_token).not.toBe(tokens.body.refresh_token);
    const reused = await tokenRequest(origin(0), {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: tokens.body.refresh_token!,
    });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const afterRevocation = await tokenRequest(origin(1), {
      grant_type: 'refresh_token',
      client_id: clientId,
      refresh_token: refreshed.body.refresh_token!,
    });
    expect(afterRevocation).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
  });
});

// The OAuth bridge on two instances sharing one Redis, behind one address (a round-robin proxy
// without affinity): a sign-in begun on one instance finishes on the other, tokens work on both,
// a refresh token's reuse is refused everywhere, and the registration budget is one for both.
import { connectMcpClient, freePort, startMcpApp, textOf, type RunningMcpApp } from '../src/testing/index.js';
import { bridgeModule } from './fixtures/bridge.module.js';
import { connectWithOAuth, loopbackRedirectUri, type InMemoryOAuthClientProvider } from './support/oauth-client.js';
import { RedisServer } from './support/redis-server.js';
import { RoundRobinProxy } from './support/round-robin-proxy.js';
import { ScriptedBrowser } from './support/scripted-browser.js';
import { startUpstreamIdp, type UpstreamIdp } from './support/upstream-idp.js';

/** Registrations one address may make, for both instances together. */
const PER_ADDRESS = 5;

const redis = new RedisServer();
let idp: UpstreamIdp;
let proxy: RoundRobinProxy;
let publicUrl: URL;
let instances: RunningMcpApp[];

/** Two instances of the bridged fixture on one Redis, both answering for the proxy's URL. */
async function startPair(prefix: string, options: Record<string, unknown> = {}) {
  const ports = [await freePort(), await freePort()];
  const pair = new RoundRobinProxy(ports);
  const url = await pair.start(await freePort());
  idp.addClient({ clientId: `bridge-${prefix}`, clientSecret: 'bridge-secret', redirectUris: [`${url.origin}/oauth/callback`] });
  const module = bridgeModule(
    { upstream: { issuer: idp.issuer, clientId: `bridge-${prefix}`, clientSecret: 'bridge-secret' }, ...options },
    { redis: { url: redis.url, keyPrefix: `${prefix}:` }, auth: { mode: 'jwt', resourceUrl: url.href } },
  );
  const apps = await Promise.all(ports.map((port) => startMcpApp(module, { port })));
  return { proxy: pair, url, apps };
}

beforeAll(async () => {
  await redis.start();
  idp = await startUpstreamIdp({ claims: () => ({ groups: ['staff'] }) });
  ({ proxy, url: publicUrl, apps: instances } = await startPair('pair', { maxRegistrationsPerAddress: PER_ADDRESS }));
});
afterAll(async () => {
  await Promise.all((instances ?? []).map((app) => app.close()));
  await proxy?.stop();
  await idp?.close();
  await redis.stop();
});

/** A token-endpoint request at one instance, by its own port. */
async function tokenAt(app: RunningMcpApp, params: Record<string, string>) {
  const response = await fetch(`${app.url.origin}/oauth/token`, { method: 'POST', body: new URLSearchParams(params) });
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/** tools/list at one instance, by its own port, with `accessToken`. */
async function toolsAt(app: RunningMcpApp, accessToken: string): Promise<string[]> {
  const client = await connectMcpClient(app.url, 'modern', {
    transport: { requestInit: { headers: { authorization: `Bearer ${accessToken}` } } },
  });
  try {
    return (await client.listTools()).tools.map((tool) => tool.name).sort();
  } finally {
    await client.close();
  }
}

describe('the OAuth bridge on two instances sharing Redis', () => {
  let provider: InMemoryOAuthClientProvider;

  it('finishes on one instance a sign-in begun on the other, and both accept its tokens', async () => {
    const browser = new ScriptedBrowser({ login: 'erin' });
    const from = proxy.requests.length;
    const connected = await connectWithOAuth(publicUrl, 'modern', browser);
    provider = connected.provider;
    try {
      expect(textOf(await connected.client.callTool({ name: 'read_notes', arguments: {} }))).toBe('the notes');
    } finally {
      await connected.client.close();
    }
    // The steps of the sign-in were answered by both instances: the state they carry was shared.
    const steps = proxy.requests.slice(from).filter(({ path }) => path.startsWith('/oauth/'));
    const servedBy = (pattern: RegExp) => new Set(steps.filter(({ path }) => pattern.test(path)).map(({ upstream }) => upstream));
    expect(servedBy(/^\/oauth\/(authorize|callback|interaction\/)/)).toEqual(new Set([0, 1]));
    const accessToken = provider.tokens()!.access_token;
    for (const app of instances) expect(await toolsAt(app, accessToken)).toContain('read_notes');
  });

  it('refuses on one instance a refresh token used on the other, and revokes its grant everywhere', async () => {
    const [a, b] = instances as [RunningMcpApp, RunningMcpApp];
    const clientId = provider.clientInformation()!.client_id;
    const first = provider.tokens()!.refresh_token!;
    const rotated = await tokenAt(a, { grant_type: 'refresh_token', refresh_token: first, client_id: clientId });
    expect(rotated.status).toBe(200);
    expect(await toolsAt(b, rotated.body.access_token as string)).toContain('read_notes');

    const reused = await tokenAt(b, { grant_type: 'refresh_token', refresh_token: first, client_id: clientId });
    expect(reused).toMatchObject({ status: 400, body: { error: 'invalid_grant' } });
    const second = rotated.body.refresh_token as string;
    for (const app of [a, b]) {
      expect(await tokenAt(app, { grant_type: 'refresh_token', refresh_token: second, client_id: clientId })).toMatchObject({
        status: 400,
        body: { error: 'invalid_grant' },
      });
    }
  });

  it('bounds registrations per source address across both instances; a failed one does not count', async () => {
    const redirectUri = await loopbackRedirectUri();
    const register = (app: RunningMcpApp, redirectUris: string[] = [redirectUri]) =>
      fetch(`${app.url.origin}/oauth/register`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ redirect_uris: redirectUris, token_endpoint_auth_method: 'none' }),
      });
    const [a, b] = instances as [RunningMcpApp, RunningMcpApp];
    // Refused metadata: its reserved place is given back.
    expect((await register(b, ['not a url'])).status).toBe(400);
    // The sign-in above registered once; the rest of the budget is shared by both instances.
    for (let made = 1; made < PER_ADDRESS; made++) expect((await register(made % 2 ? a : b)).status).toBe(201);
    for (const app of [a, b]) {
      const refused = await register(app);
      expect(refused.status).toBe(429);
      expect(await refused.json()).toMatchObject({ error_description: expect.stringMatching(/too many client registrations/) });
    }
  });
});

describe('signing-key rotation while running', () => {
  let rotating: Awaited<ReturnType<typeof startPair>>;
  beforeAll(async () => {
    rotating = await startPair('rotating', { signingKeyRotationSec: 2 });
  });
  afterAll(async () => {
    await Promise.all((rotating?.apps ?? []).map((app) => app.close()));
    await rotating?.proxy.stop();
  });

  const kidOf = (jwt: string): string => JSON.parse(Buffer.from(jwt.split('.')[0]!, 'base64url').toString()).kid;

  it('signs with the new key on every instance, and keeps the retired one published and accepted', async () => {
    const [a, b] = rotating.apps as [RunningMcpApp, RunningMcpApp];
    const { client, provider } = await connectWithOAuth(rotating.url, 'modern', new ScriptedBrowser({ login: 'ivan' }));
    await client.close();
    const before = provider.tokens()!;
    await new Promise((resolve) => setTimeout(resolve, 2_100));

    const refreshed = await tokenAt(a, {
      grant_type: 'refresh_token',
      refresh_token: before.refresh_token!,
      client_id: provider.clientInformation()!.client_id,
    });
    expect(refreshed.status).toBe(200);
    const after = refreshed.body.access_token as string;
    expect(kidOf(after)).not.toBe(kidOf(before.access_token));
    for (const app of [a, b]) {
      const published = (await (await fetch(`${app.url.origin}/oauth/jwks`)).json()) as { keys: { kid: string }[] };
      expect(published.keys.map(({ kid }) => kid)).toEqual([kidOf(after), kidOf(before.access_token)]);
      expect(await toolsAt(app, before.access_token)).toContain('read_notes');
      expect(await toolsAt(app, after)).toContain('read_notes');
    }
  });
});

import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import Provider, { type Configuration, type JWK } from 'oidc-provider';
import { UpstreamIdpStore } from './upstream-idp-store.js';

export interface UpstreamClient {
  clientId: string;
  clientSecret: string;
  redirectUris: string[];
  /** How it authenticates at the token endpoint; `client_secret_post` is openid-client's default. */
  tokenEndpointAuthMethod?: 'client_secret_post' | 'client_secret_basic';
}

export interface UpstreamIdp {
  /** `http://127.0.0.1:<port>`; discovery at `/.well-known/openid-configuration`. */
  issuer: string;
  /** Registers a confidential web client (authorization_code + refresh_token + client_credentials), usable at once. */
  addClient(client: UpstreamClient): void;
  /**
   * A token the IdP issues to `clientId` itself (client_credentials). Opaque (the IdP's
   * introspection accepts it) unless `resource` is given: then a JWT (RFC 9068) whose `aud`
   * is `resource`, signed by the IdP: a token a passthrough server would wrongly accept.
   */
  clientToken(clientId: string, options?: { resource?: string; scope?: string }): Promise<string>;
  close(): Promise<void>;
}

export interface UpstreamIdpOptions {
  /** Extra claims per subject (`groups`, `roles`, or overrides of `name`/`email`). */
  claims?: (sub: string) => Record<string, unknown>;
  /** Scopes a resource server accepts in the JWT access tokens issued for it (RFC 8707 `resource`). */
  resourceScopes?: string;
}

/**
 * A real OpenID provider (oidc-provider, with its development login and consent pages) on a
 * free loopback port. Development-only settings on purpose: http issuer, devInteractions, open
 * Dynamic Client Registration (so an MCP client can register at it directly).
 */
export async function startUpstreamIdp(options: UpstreamIdpOptions = {}): Promise<UpstreamIdp> {
  // Listen first: the issuer must name the port before the provider exists.
  let handle: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.writeHead(503).end();
  const server = createServer((req, res) => handle(req, res));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const clientSecrets = new Map<string, string>();
  const store = new UpstreamIdpStore();
  const provider = new Provider(issuer, idpConfiguration(store, options));
  handle = provider.callback();

  return {
    issuer,
    addClient(client) {
      clientSecrets.set(client.clientId, client.clientSecret);
      store.putClient({
        client_id: client.clientId,
        client_secret: client.clientSecret,
        redirect_uris: client.redirectUris,
        grant_types: ['authorization_code', 'refresh_token', 'client_credentials'],
        response_types: ['code'],
        token_endpoint_auth_method: client.tokenEndpointAuthMethod ?? 'client_secret_post',
      });
    },
    async clientToken(clientId, { resource, scope } = {}) {
      const secret = clientSecrets.get(clientId);
      if (secret === undefined) throw new Error(`clientToken: no client "${clientId}" was added to this IdP`);
      const body = new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: clientId,
        client_secret: secret,
      });
      if (resource) body.set('resource', resource);
      if (scope) body.set('scope', scope);
      const response = await fetch(`${issuer}/token`, { method: 'POST', body });
      const json = (await response.json()) as { access_token?: string };
      if (!response.ok || !json.access_token)
        throw new Error(`clientToken: ${response.status} ${JSON.stringify(json)}`);
      return json.access_token;
    },
    async close() {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}

function idpConfiguration(store: UpstreamIdpStore, options: UpstreamIdpOptions): Configuration {
  const resourceScopes = options.resourceScopes ?? 'notes:read notes:write';
  return {
    adapter: store.adapter,
    jwks: { keys: [signingKey()] },
    cookies: { keys: [randomBytes(16).toString('hex')] },
    scopes: ['openid', 'profile', 'email', 'offline_access', ...resourceScopes.split(' ')],
    // `groups`/`roles` ride on `openid`, as Entra ID or Okta put them in the ID token by configuration.
    claims: { openid: ['sub', 'groups', 'roles'], profile: ['name'], email: ['email', 'email_verified'] },
    // Claims go into the ID token itself (not only userinfo), which is where a relying party reads them.
    conformIdTokenClaims: false,
    async findAccount(_ctx, sub) {
      const claims = { sub, name: sub, email: `${sub}@example.test`, email_verified: true, ...options.claims?.(sub) };
      return { accountId: sub, claims: async () => claims };
    },
    // A refresh token whenever the client may use one (as Keycloak does), without `offline_access` + `prompt=consent`.
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    expiresWithSession: async () => false,
    pkce: { required: () => true },
    clientBasedCORS: () => true,
    features: {
      devInteractions: { enabled: true },
      registration: { enabled: true },
      introspection: { enabled: true },
      revocation: { enabled: true },
      clientCredentials: { enabled: true },
      resourceIndicators: {
        enabled: true,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, resource) => ({
          scope: resourceScopes,
          audience: resource,
          accessTokenFormat: 'jwt',
        }),
      },
    },
  };
}

function signingKey(): JWK {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  return {
    ...(privateKey.export({ format: 'jwk' }) as JWK),
    kid: randomBytes(8).toString('hex'),
    use: 'sig',
    alg: 'RS256',
  };
}

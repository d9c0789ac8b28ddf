import type { Configuration, KoaContextWithOIDC } from 'oidc-provider';
import type { JWK } from 'jose';
import type { OidcAdapterClass } from '../stores/oauth/oidc-adapter.js';
import { cookieKeysOf } from './keys/cookie-keys.js';
import { mayFetchMetadataDocument } from './cimd-fetch-policy.js';
import { escapeHtml, page } from './html.js';
import type { ResolvedOAuthBridgeOptions } from './resolved-bridge-options.js';
import { scopesForUser } from './scope-policy.js';
import type { UpstreamIdentities } from './upstream/upstream-identities.js';
import { BRIDGE_ROUTES } from './bridge-routes.js';
import type { OidcProviderModule } from './load-libraries.js';

/** What the authorization server is configured from. */
export interface ProviderSetup {
  /** The canonical URL of the MCP endpoint: the tokens' audience, the only resource. */
  resourceUrl: string;
  /** The scopes the server's declarations use (`scopes_supported`). */
  scopes: string[];
  options: ResolvedOAuthBridgeOptions;
  /** The key store's private keys, the one that signs first. */
  signingKeys: JWK[];
  adapter: OidcAdapterClass;
  identities: UpstreamIdentities;
}

/** Claims of the bridge's tokens that an upstream claim must never replace. */
const TOKEN_CLAIMS = new Set(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'jti', 'scope', 'client_id', 'cnf']);

/**
 * oidc-provider's configuration for the bridge: OAuth 2.1 code flow only,
 * PKCE (S256) always, redirect URIs matched exactly and always sent, one
 * resource (this endpoint) with short-lived JWT access tokens, refresh tokens
 * rotated on each use, DCR and Client ID Metadata Documents, consent per client.
 */
export function providerConfiguration(setup: ProviderSetup, { errors }: OidcProviderModule): Configuration {
  const { resourceUrl, scopes, options, signingKeys, identities } = setup;
  const alg = options.signingAlgorithm;
  const accessTokenClaims = async (accountId: string | undefined) => {
    const claims = accountId ? await identities.claimsOf(accountId) : undefined;
    return Object.fromEntries(Object.entries(claims ?? {}).filter(([name]) => !TOKEN_CLAIMS.has(name)));
  };
  return {
    // Every entry expires: one without a lifetime (a client) after `registrationTtlSec` unused.
    adapter: setup.adapter,
    jwks: { keys: signingKeys as never },
    // Names of its own: an IdP on the same host (cookies ignore ports) must not overwrite them.
    cookies: {
      keys: cookieKeysOf(signingKeys),
      names: { session: '_mcp_oauth_session', interaction: '_mcp_oauth_interaction', resume: '_mcp_oauth_resume' },
    } as Configuration['cookies'],
    routes: BRIDGE_ROUTES.provider,
    responseTypes: ['code'],
    scopes: ['openid', 'offline_access', ...scopes],
    claims: { openid: ['sub'] },
    pkce: { required: () => true },
    allowOmittingSingleRegisteredRedirectUri: false,
    clientAuthMethods: ['none', 'client_secret_basic', 'client_secret_post'],
    clientDefaults: {
      grant_types: ['authorization_code', 'refresh_token'],
      token_endpoint_auth_method: 'none',
      id_token_signed_response_alg: alg,
    },
    issueRefreshToken: async (_ctx, client) => client.grantTypeAllowed('refresh_token'),
    rotateRefreshToken: true,
    ttl: {
      AccessToken: options.accessTokenTtlSec,
      AuthorizationCode: 60,
      Grant: options.refreshTokenTtlSec,
      Interaction: 10 * 60,
      Session: options.refreshTokenTtlSec,
      RefreshToken: options.refreshTokenTtlSec,
      IdToken: options.accessTokenTtlSec,
    },
    interactions: { url: (_ctx, interaction) => BRIDGE_ROUTES.interaction(interaction.uid) },
    findAccount: async (_ctx, accountId) => {
      const claims = await identities.claimsOf(accountId);
      return claims && { accountId, claims: () => ({ sub: accountId }) };
    },
    extraTokenClaims: async (_ctx, token) => accessTokenClaims(accountOf(token)),
    formats: {
      customizers: {
        // Scopes restricted to some users (`scopeClaims`) leave the tokens of the others.
        jwt: async (_ctx, token, jwt) => {
          const scope = jwt.payload.scope;
          const granted = typeof scope === 'string' ? scope.split(' ').filter(Boolean) : [];
          const claims = (await identities.claimsOf(accountOf(token) ?? '')) ?? {};
          jwt.payload.scope = scopesForUser(granted, claims, options.scopeClaims).join(' ');
        },
      },
    },
    features: {
      devInteractions: { enabled: false },
      revocation: { enabled: true },
      registration: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: () => resourceUrl,
        useGrantedResource: () => true,
        getResourceServerInfo: (_ctx, indicator) => {
          if (indicator !== resourceUrl)
            throw new errors.InvalidTarget('this server is the only resource it issues tokens for');
          return {
            scope: scopes.join(' '),
            audience: resourceUrl,
            accessTokenTTL: options.accessTokenTtlSec,
            accessTokenFormat: 'jwt',
            jwt: { sign: { alg } },
          };
        },
      },
      clientIdMetadataDocument: {
        enabled: true,
        ack: 'draft-02',
        allowFetch: (_ctx: KoaContextWithOIDC, clientId: string) =>
          mayFetchMetadataDocument(clientId, options.allowPrivateMetadataFetch),
      },
    } as Configuration['features'],
    // A development option lifts the library's own connect-time check of private addresses too.
    ...(options.allowPrivateMetadataFetch && {
      fetch: (url: Parameters<typeof fetch>[0], init?: RequestInit) =>
        globalThis.fetch(url, { ...init, dispatcher: undefined } as never),
    }),
    fetchResponseBodyLimits: {
      'client_id metadata document': 5 * 1024,
      jwks_uri: 64 * 1024,
      sector_identifier_uri: 64 * 1024,
    },
    renderError: (ctx, out) => {
      ctx.type = 'html';
      ctx.body = page(
        'Sign-in failed',
        `<h1>Sign-in failed</h1><p>${escapeHtml(out.error)}: ${escapeHtml(out.error_description ?? '')}</p>`,
      );
    },
  };
}

/** The account a token speaks for (none for a client's own token). */
const accountOf = (token: object): string | undefined =>
  'accountId' in token && typeof token.accountId === 'string' ? token.accountId : undefined;

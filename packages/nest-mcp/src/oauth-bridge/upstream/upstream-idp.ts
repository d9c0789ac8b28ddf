import type { Configuration, IDToken, TokenEndpointResponse } from 'openid-client';
import type { McpOAuthUpstreamOptions } from '../oauth-bridge-options.js';
import { LOOPBACK_HOSTNAMES } from '../../options/mcp-defaults.js';
import { loadOpenidClient, type OpenidClientModule } from '../load-libraries.js';

/** What the bridge keeps of a sign-in at the IdP (server-side only). */
export interface UpstreamTokens {
  accessToken: string;
  refreshToken?: string;
  /** Epoch seconds; undefined when the IdP did not say. */
  expiresAt?: number;
}

/** The upstream sign-in's secrets that the callback must match: kept server-side by `state`. */
export interface UpstreamChecks {
  state: string;
  nonce: string;
  codeVerifier: string;
}

/** Who signed in, per the upstream ID token, and the tokens that came with it. */
export interface UpstreamSignIn {
  claims: IDToken;
  tokens: UpstreamTokens;
}

/**
 * The bridge as a relying party of the company's OpenID provider, through
 * openid-client (certified): discovery, authorization code with PKCE, state
 * and nonce, the ID token's validation, refresh.
 */
export class UpstreamIdp {
  private discovered?: Promise<{ client: OpenidClientModule; config: Configuration }>;

  constructor(
    private readonly options: Required<McpOAuthUpstreamOptions>,
    /** `<origin>/oauth/callback`: the redirect URI registered at the IdP. */
    private readonly redirectUri: string,
  ) {}

  /** Where to send the user's browser, and the checks to keep for the callback. */
  async authorizationUrl(): Promise<{ url: URL; checks: UpstreamChecks }> {
    const { client, config } = await this.discovery();
    const checks = {
      state: client.randomState(),
      nonce: client.randomNonce(),
      codeVerifier: client.randomPKCECodeVerifier(),
    };
    const url = client.buildAuthorizationUrl(config, {
      redirect_uri: this.redirectUri,
      scope: this.options.scopes.join(' '),
      state: checks.state,
      nonce: checks.nonce,
      code_challenge: await client.calculatePKCECodeChallenge(checks.codeVerifier),
      code_challenge_method: 'S256',
    });
    return { url, checks };
  }

  /** Redeems the code of the callback at `callbackUrl` (its query as the IdP sent it). */
  async complete(callbackUrl: URL, checks: UpstreamChecks): Promise<UpstreamSignIn> {
    const { client, config } = await this.discovery();
    const response = await client.authorizationCodeGrant(config, callbackUrl, {
      pkceCodeVerifier: checks.codeVerifier,
      expectedState: checks.state,
      expectedNonce: checks.nonce,
      idTokenExpected: true,
    });
    return { claims: response.claims()!, tokens: tokensOf(response) };
  }

  /** New tokens for a refresh token (the IdP may rotate it). */
  async refresh(refreshToken: string): Promise<UpstreamTokens> {
    const { client, config } = await this.discovery();
    const response = await client.refreshTokenGrant(config, refreshToken);
    return { refreshToken, ...tokensOf(response) };
  }

  /** Discovery once it has succeeded; a failure is retried on the next sign-in. */
  private discovery(): Promise<{ client: OpenidClientModule; config: Configuration }> {
    this.discovered ??= this.discover().catch((error: unknown) => {
      this.discovered = undefined;
      throw error;
    });
    return this.discovered;
  }

  private async discover(): Promise<{ client: OpenidClientModule; config: Configuration }> {
    const client = await loadOpenidClient();
    const issuer = new URL(this.options.issuer);
    // http only for an IdP on this machine (development, tests); anywhere else openid-client requires https.
    const local = issuer.protocol === 'http:' && (LOOPBACK_HOSTNAMES as readonly string[]).includes(issuer.hostname);
    const insecure = local ? { execute: [client.allowInsecureRequests] } : undefined;
    const config = await client.discovery(issuer, this.options.clientId, this.options.clientSecret, undefined, {
      ...insecure,
      timeout: 10,
    });
    return { client, config };
  }
}

function tokensOf(response: TokenEndpointResponse): UpstreamTokens {
  const expiresIn = response.expires_in;
  return {
    accessToken: response.access_token,
    ...(response.refresh_token && { refreshToken: response.refresh_token }),
    ...(expiresIn !== undefined && { expiresAt: Math.floor(Date.now() / 1000) + expiresIn }),
  };
}

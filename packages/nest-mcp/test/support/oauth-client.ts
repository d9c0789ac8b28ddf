import { randomBytes } from 'node:crypto';
import {
  StreamableHTTPClientTransport,
  UnauthorizedError,
  type Client,
  type OAuthClientMetadata,
  type OAuthClientProvider,
  type OAuthDiscoveryState,
  type StoredOAuthClientInformation,
  type StoredOAuthTokens,
} from '@modelcontextprotocol/client';
import { connectMcpClient } from '../../src/testing/connect.js';
import { freePort } from '../../src/testing/free-port.js';
import type { ScriptedBrowser } from './scripted-browser.js';

/** A redirect URI on a loopback port nobody listens on: the scripted browser stops there. */
export async function loopbackRedirectUri(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/callback`;
}

/**
 * The SDK v2 client's OAuth state for one user of one MCP server, kept in memory: what a
 * desktop client persists. A public client (no secret), registered by DCR, with PKCE.
 */
export class InMemoryOAuthClientProvider implements OAuthClientProvider {
  /** The authorization URL the SDK last asked the user agent to open. */
  authorizationUrl?: URL;
  /** The `state` sent with the last authorization request (checked on the callback). */
  lastState?: string;
  private savedTokens?: StoredOAuthTokens;
  private savedClient?: StoredOAuthClientInformation;
  private verifier?: string;
  private discovery?: OAuthDiscoveryState;

  constructor(
    readonly redirectUrl: string,
    private readonly metadata: Partial<OAuthClientMetadata> = {},
  ) {}

  get clientMetadata(): OAuthClientMetadata {
    return {
      client_name: 'nest-mcp e2e client',
      redirect_uris: [this.redirectUrl],
      grant_types: ['authorization_code', 'refresh_token'],
      response_types: ['code'],
      token_endpoint_auth_method: 'none',
      ...this.metadata,
    };
  }

  state(): string {
    this.lastState = randomBytes(16).toString('base64url');
    return this.lastState;
  }

  clientInformation(): StoredOAuthClientInformation | undefined {
    return this.savedClient;
  }

  saveClientInformation(information: StoredOAuthClientInformation): void {
    this.savedClient = information;
  }

  tokens(): StoredOAuthTokens | undefined {
    return this.savedTokens;
  }

  saveTokens(tokens: StoredOAuthTokens): void {
    this.savedTokens = tokens;
  }

  redirectToAuthorization(authorizationUrl: URL): void {
    this.authorizationUrl = authorizationUrl;
  }

  saveCodeVerifier(codeVerifier: string): void {
    this.verifier = codeVerifier;
  }

  codeVerifier(): string {
    if (!this.verifier) throw new Error('no PKCE code verifier saved: no authorization was started');
    return this.verifier;
  }

  // Kept so the SDK binds the callback leg to the authorization server it started with (SEP-2352).
  discoveryState(): OAuthDiscoveryState | undefined {
    return this.discovery;
  }

  saveDiscoveryState(state: OAuthDiscoveryState): void {
    this.discovery = state;
  }

  invalidateCredentials(scope: 'all' | 'client' | 'tokens' | 'verifier' | 'discovery'): void {
    if (scope === 'all' || scope === 'client') this.savedClient = undefined;
    if (scope === 'all' || scope === 'tokens') this.savedTokens = undefined;
    if (scope === 'all' || scope === 'verifier') this.verifier = undefined;
    if (scope === 'all' || scope === 'discovery') this.discovery = undefined;
  }
}

/** The authorization server answered the redirect URI with an error (RFC 6749 4.1.2.1), e.g. `access_denied`. */
export class AuthorizationCallbackError extends Error {
  constructor(
    readonly error: string,
    readonly errorDescription?: string,
  ) {
    super(`authorization failed: ${error}${errorDescription ? ` (${errorDescription})` : ''}`);
  }
}

export interface ConnectWithOAuthOptions {
  /** Replaces the `scope` of the authorization request the SDK built (from the server's metadata). */
  scope?: string;
  /** Reuse a provider (its registration and tokens); default: a new one on a fresh loopback redirect URI. */
  provider?: InMemoryOAuthClientProvider;
}

/**
 * Connects an SDK v2 client to `mcpUrl` in `era` as a real OAuth client does: the first connect
 * gets 401, the SDK discovers the authorization server and registers (DCR); `browser` walks the
 * authorization URL to the redirect URI; the callback's `state` is checked, the code redeemed
 * (`finishAuth`, which checks RFC 9207 `iss`), and the client connects again with its token.
 * With a provider that already holds valid (or refreshable) tokens, no browser step happens.
 */
export async function connectWithOAuth(
  mcpUrl: URL,
  era: 'modern' | 'legacy',
  browser: ScriptedBrowser,
  options: ConnectWithOAuthOptions = {},
): Promise<{ client: Client; provider: InMemoryOAuthClientProvider }> {
  const provider = options.provider ?? new InMemoryOAuthClientProvider(await loopbackRedirectUri());
  const transport = { authProvider: provider };
  provider.authorizationUrl = undefined;
  try {
    return { client: await connectMcpClient(mcpUrl, era, { transport }), provider };
  } catch (error) {
    if (!(error instanceof UnauthorizedError) || !provider.authorizationUrl) throw error;
  }
  const authorizationUrl = new URL(provider.authorizationUrl);
  if (options.scope !== undefined) authorizationUrl.searchParams.set('scope', options.scope);
  const callback = await browser.authorize(authorizationUrl, provider.redirectUrl);
  const params = callback.searchParams;
  if (params.get('state') !== provider.lastState) {
    throw new Error(`callback state ${params.get('state')} is not the one sent (${provider.lastState})`);
  }
  const error = params.get('error');
  if (error) throw new AuthorizationCallbackError(error, params.get('error_description') ?? undefined);
  // A fresh transport, as a client whose callback lands in another handler: the provider's
  // discovery state carries the resource metadata URL and the authorization server over.
  await new StreamableHTTPClientTransport(mcpUrl, transport).finishAuth(params);
  return { client: await connectMcpClient(mcpUrl, era, { transport }), provider };
}

import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import { ApiKeyVerifier } from './api-key-verifier.js';
import type { McpAuthOptions } from './auth-options.interface.js';
import { AuthChallenge } from './auth-challenge.js';
import { toAuthInfo, type McpPrincipal } from './principal.js';
import { hasTokenKey, InvalidTokenError, TokenVerifier } from './token-verifier.js';
import { EndpointUrl } from '../transport/endpoint-url.js';
import { bridgeKeySet } from '../oauth-bridge/keys/public-key-set.js';
import { MCP_BRIDGE_KEY_STORE, type BridgeKeyStore } from '../stores/oauth/bridge-key.store.js';
import type { JWTVerifyGetKey } from 'jose';
import { UpstreamTokenAccess } from '../oauth-bridge/upstream/upstream-token-access.js';
import { headerValue } from '../transport/header-value.js';

/** The request as the auth layer leaves it: the SDK reads `auth`, Nest guards read `user`. */
export type AuthenticatedRequest = Request & {
  auth?: ReturnType<typeof toAuthInfo>;
  user?: McpPrincipal;
};

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i;

/** What depends on the resource URL, which may be known only once the server listens. */
interface BoundResource {
  /** The canonical URL of this resource (RFC 8707/9728), as configured or derived. */
  readonly resourceUrl: string;
  /** The same, parsed once: every AuthInfo carries it. */
  readonly url: URL;
  readonly challenge: AuthChallenge;
  /** The `aud` values a token must carry one of: `audience`, else the resource URL. */
  readonly audiences: string[];
  readonly tokens: TokenVerifier;
}

/**
 * Authenticates MCP requests: a bearer JWT or a service API key. Refusals are
 * 401s carrying the RFC 9728 challenge; nothing about the credential is logged.
 */
@Injectable()
export class McpAuthService implements OnModuleInit {
  private readonly logger = new Logger('McpAuth');
  readonly options?: McpAuthOptions;
  private bound?: BoundResource;
  private readonly authInfos = new WeakMap<McpPrincipal, ReturnType<typeof toAuthInfo>>();
  private readonly apiKeys?: ApiKeyVerifier;
  /** The OAuth bridge's keys when it is on: its tokens are then the only bearer tokens accepted. */
  private readonly bridgeKeys?: JWTVerifyGetKey;

  constructor(
    @Inject(MCP_OPTIONS) moduleOptions: ResolvedMcpOptions,
    private readonly registry: McpRegistry,
    private readonly endpoint: EndpointUrl,
    @Inject(MCP_BRIDGE_KEY_STORE) bridgeKeyStore: BridgeKeyStore,
    private readonly upstream: UpstreamTokenAccess,
  ) {
    if (moduleOptions.auth?.mode !== 'jwt') return;
    this.options = moduleOptions.auth;
    this.apiKeys = new ApiKeyVerifier(this.options.apiKeys);
    if (moduleOptions.oauthBridge) this.bridgeKeys = bridgeKeySet(bridgeKeyStore);
    if (!this.bridgeKeys && !hasTokenKey(this.options) && !this.apiKeys.configured) {
      throw new Error('MCP auth is on but no JWT key, JWKS URL or API key is configured');
    }
    // A configured URL is checked at boot; a derived one is known once the server listens.
    if (this.options.resourceUrl) this.bound = this.bind(this.options.resourceUrl);
  }

  get enabled(): boolean {
    return this.options !== undefined;
  }

  /**
   * The canonical URL of this resource while auth is on: `resourceUrl` when
   * configured, else the endpoint's URL on the address the server listens on.
   */
  get resourceUrl(): string | undefined {
    return this.resource()?.resourceUrl;
  }

  /** The `aud` values accepted while auth is on: `audience`, else the resource URL. */
  get audiences(): string[] | undefined {
    return this.resource()?.audiences;
  }

  get challenge(): AuthChallenge | undefined {
    return this.resource()?.challenge;
  }

  /** Whether the OAuth bridge issues this server's tokens. */
  get bridged(): boolean {
    return this.bridgeKeys !== undefined;
  }

  /**
   * The authorization servers clients are sent to (RFC 9728): the bridge
   * (this origin), else `authorizationServers`, else the issuer; may be none.
   */
  get authorizationServers(): string[] {
    if (!this.options) return [];
    return this.authorizationServersOf(this.resourceUrl!);
  }

  onModuleInit(): void {
    if (!this.enabled) {
      this.logger.warn(
        'AUTHENTICATION IS OFF: every caller of the MCP endpoint is trusted. Set MCP_AUTH=jwt for production.',
      );
    } else if (!this.bridged && !this.options!.authorizationServers?.length && !this.options!.issuer) {
      this.logger.warn(
        'auth is on but no authorization server is configured: OAuth clients cannot sign in by themselves. ' +
          'Set MCP_OAUTH_UPSTREAM_ISSUER (the OAuth bridge), or MCP_AUTHORIZATION_SERVERS / MCP_JWT_ISSUER, or hand out tokens or API keys yourself.',
      );
    }
  }

  /** Attaches the caller's principal to the request, or throws a 401 with its challenge. */
  async authenticate(req: AuthenticatedRequest): Promise<void> {
    if (!this.options) return;
    const principal = await this.principalOf(req);
    req.user = principal.principal;
    req.auth = this.authInfoOf(principal.principal, principal.credential);
    if (this.bridged && principal.principal.via === 'jwt') this.upstream.mark(req, principal.principal.subject);
  }

  /** One AuthInfo per verified principal (verified principals are cached per credential, so this is too). */
  private authInfoOf(principal: McpPrincipal, credential: string): ReturnType<typeof toAuthInfo> {
    let info = this.authInfos.get(principal);
    if (info?.token !== credential) {
      info = toAuthInfo(principal, credential, this.resource()?.url);
      this.authInfos.set(principal, info);
    }
    return info;
  }

  private async principalOf(req: Request): Promise<{ principal: McpPrincipal; credential: string }> {
    const { challenge, tokens } = this.resource()!;
    const scopes = () => this.registry.requiredScopes();
    const apiKey = headerValue(req.headers['x-api-key']);
    if (apiKey !== undefined) {
      const principal = this.apiKeys?.verify(apiKey);
      if (!principal) throw challenge.unauthorized(scopes(), 'the API key is not valid');
      return { principal, credential: apiKey };
    }
    const authorization = req.headers.authorization;
    if (authorization === undefined) throw challenge.unauthorized(scopes());
    const token = BEARER.exec(authorization)?.[1];
    if (!token) throw challenge.unauthorized(scopes(), 'the Authorization header must be "Bearer <token>"');
    // A bearer that is no JWT may be an API key sent the standard way.
    if (!isJwtShaped(token)) {
      const principal = this.apiKeys?.verify(token);
      if (!principal) throw challenge.unauthorized(scopes(), 'the token is invalid');
      return { principal, credential: token };
    }
    if (!tokens.configured) throw challenge.unauthorized(scopes(), 'bearer tokens are not accepted here');
    try {
      return { principal: await tokens.verify(token), credential: token };
    } catch (error) {
      const reason = error instanceof InvalidTokenError ? error.message : 'the token is invalid';
      throw challenge.unauthorized(scopes(), reason);
    }
  }

  private resource(): BoundResource | undefined {
    if (!this.options || this.bound) return this.bound;
    const listening = this.endpoint.bound;
    if (!listening) {
      throw new Error(
        'the MCP resource URL follows the listening address, but the server is not listening: set auth.resourceUrl',
      );
    }
    return (this.bound = this.bind(listening));
  }

  private bind(resourceUrl: string): BoundResource {
    const options = this.options!;
    const audiences = [options.audience ?? resourceUrl].flat();
    // The bridge's tokens: issued by this origin, for this resource, RFC 9068 access tokens.
    const verified = this.bridgeKeys
      ? { ...options, issuer: new URL(resourceUrl).origin, tokenType: 'at+jwt' }
      : options;
    return {
      resourceUrl,
      url: new URL(resourceUrl),
      challenge: new AuthChallenge(resourceUrl, this.authorizationServersOf(resourceUrl).length > 0),
      audiences,
      tokens: new TokenVerifier(verified, audiences, this.bridgeKeys),
    };
  }

  private authorizationServersOf(resourceUrl: string): string[] {
    const options = this.options!;
    if (this.bridgeKeys) return [new URL(resourceUrl).origin];
    return options.authorizationServers ?? (options.issuer ? [options.issuer] : []);
  }
}

/** Three dot-separated parts (what a JWS compact token is), without splitting the string. */
function isJwtShaped(token: string): boolean {
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  return second > 0 && token.indexOf('.', second + 1) < 0;
}

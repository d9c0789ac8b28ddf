import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import type { Request } from 'express';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import { ApiKeyVerifier } from './api-key-verifier.js';
import type { McpAuthOptions } from './auth-options.interface.js';
import { AuthChallenge } from './auth-challenge.js';
import { toAuthInfo, type McpPrincipal } from './principal.js';
import { InvalidTokenError, TokenVerifier } from './token-verifier.js';
import { headerValue } from '../transport/header-value.js';

/** The request as the auth layer leaves it: the SDK reads `auth`, Nest guards read `user`. */
export type AuthenticatedRequest = Request & {
  auth?: ReturnType<typeof toAuthInfo>;
  user?: McpPrincipal;
};

const BEARER = /^Bearer[ ]+([A-Za-z0-9\-._~+/]+=*)$/i;

/**
 * Authenticates MCP requests: a bearer JWT or a service API key. Refusals are
 * 401s carrying the RFC 9728 challenge; nothing about the credential is logged.
 */
@Injectable()
export class McpAuthService implements OnModuleInit {
  private readonly logger = new Logger('McpAuth');
  readonly options?: McpAuthOptions;
  readonly challenge?: AuthChallenge;
  /** The protected resource (`aud`), parsed once: every AuthInfo carries it. */
  private readonly resource?: URL;
  private readonly authInfos = new WeakMap<McpPrincipal, ReturnType<typeof toAuthInfo>>();
  private readonly tokens?: TokenVerifier;
  private readonly apiKeys?: ApiKeyVerifier;

  constructor(
    @Inject(MCP_OPTIONS) moduleOptions: ResolvedMcpOptions,
    private readonly registry: McpRegistry,
  ) {
    if (moduleOptions.auth?.mode !== 'jwt') return;
    this.options = moduleOptions.auth;
    this.challenge = new AuthChallenge(this.options.resourceUrl);
    this.resource = new URL(this.options.resourceUrl);
    this.tokens = new TokenVerifier(this.options);
    this.apiKeys = new ApiKeyVerifier(this.options.apiKeys);
    if (!this.tokens.configured && !this.apiKeys.configured) {
      throw new Error('MCP auth is on but no JWT key, JWKS URL or API key is configured');
    }
  }

  get enabled(): boolean {
    return this.options !== undefined;
  }

  onModuleInit(): void {
    if (!this.enabled) {
      this.logger.warn(
        'AUTHENTICATION IS OFF: every caller of the MCP endpoint is trusted. Set MCP_AUTH=jwt for production.',
      );
    }
  }

  /** Attaches the caller's principal to the request, or throws a 401 with its challenge. */
  async authenticate(req: AuthenticatedRequest): Promise<void> {
    if (!this.options || !this.challenge) return;
    const principal = await this.principalOf(req);
    req.user = principal.principal;
    req.auth = this.authInfoOf(principal.principal, principal.credential);
  }

  /** One AuthInfo per verified principal (verified principals are cached per credential, so this is too). */
  private authInfoOf(principal: McpPrincipal, credential: string): ReturnType<typeof toAuthInfo> {
    let info = this.authInfos.get(principal);
    if (info?.token !== credential) {
      info = toAuthInfo(principal, credential, this.resource);
      this.authInfos.set(principal, info);
    }
    return info;
  }

  private async principalOf(req: Request): Promise<{ principal: McpPrincipal; credential: string }> {
    const scopes = () => this.registry.requiredScopes();
    const apiKey = headerValue(req.headers['x-api-key']);
    if (apiKey !== undefined) {
      const principal = this.apiKeys?.verify(apiKey);
      if (!principal) throw this.challenge!.unauthorized(scopes(), 'the API key is not valid');
      return { principal, credential: apiKey };
    }
    const authorization = req.headers.authorization;
    if (authorization === undefined) throw this.challenge!.unauthorized(scopes());
    const token = BEARER.exec(authorization)?.[1];
    if (!token) throw this.challenge!.unauthorized(scopes(), 'the Authorization header must be "Bearer <token>"');
    // A bearer that is no JWT may be an API key sent the standard way.
    if (!isJwtShaped(token)) {
      const principal = this.apiKeys?.verify(token);
      if (!principal) throw this.challenge!.unauthorized(scopes(), 'the token is invalid');
      return { principal, credential: token };
    }
    if (!this.tokens?.configured) throw this.challenge!.unauthorized(scopes(), 'bearer tokens are not accepted here');
    try {
      return { principal: await this.tokens.verify(token), credential: token };
    } catch (error) {
      const reason = error instanceof InvalidTokenError ? error.message : 'the token is invalid';
      throw this.challenge!.unauthorized(scopes(), reason);
    }
  }
}

/** Three dot-separated parts (what a JWS compact token is), without splitting the string. */
function isJwtShaped(token: string): boolean {
  const first = token.indexOf('.');
  const second = first < 0 ? -1 : token.indexOf('.', first + 1);
  return second > 0 && token.indexOf('.', second + 1) < 0;
}

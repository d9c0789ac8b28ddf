import { Inject, Injectable, Logger, type OnModuleInit } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import type { NextFunction, Request, Response } from 'express';
import type Provider from 'oidc-provider';
import { McpAuthService } from '../auth/mcp-auth.service.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import { BRIDGE_ROUTES, OIDC_DISCOVERY_PATH } from './bridge-routes.js';
import { failurePage, Interactions } from './interaction/interactions.js';
import type { JWK } from 'jose';
import { MCP_BRIDGE_KEY_STORE, type BridgeKeyStore } from '../stores/oauth/bridge-key.store.js';
import { MCP_OIDC_ADAPTER, type OidcAdapterClass } from '../stores/oauth/oidc-adapter.js';
import { MCP_REGISTRATION_BUDGET, type RegistrationBudget } from '../stores/oauth/registration-budget.js';
import { MCP_THROTTLER_STORAGE, type McpThrottlerStorage } from '../stores/throttling/throttler.storage.js';
import { BridgeRateLimit } from './bridge-rate-limit.js';
import { loadOidcProvider } from './load-libraries.js';
import { providerConfiguration } from './provider-configuration.js';
import type { ResolvedOAuthBridgeOptions } from './resolved-bridge-options.js';
import { UpstreamIdentities } from './upstream/upstream-identities.js';
import { UpstreamIdp } from './upstream/upstream-idp.js';
import { UpstreamTokenAccess } from './upstream/upstream-token-access.js';

/**
 * Every answer of the bridge (the consent page above all) refuses to be framed by another site:
 * a framed consent page could be clicked through by a user who never saw it (clickjacking).
 */
const NOT_FRAMEABLE = { 'Content-Security-Policy': "frame-ancestors 'none'", 'X-Frame-Options': 'DENY' };

/** Refused registrations: past the bound of the source address, or of all registrations. */
const REGISTRATIONS_EXHAUSTED =
  'too many client registrations (from this address, or on this server); reuse a registration, or try again later';

/**
 * The bridge once it runs: built on its first request, when the server's
 * origin is known, and again when the signing key changes (oidc-provider
 * reads its keys once, when constructed).
 */
interface RunningBridge {
  provider: Provider;
  serve: ReturnType<Provider['callback']>;
  interactions: Interactions;
  identities: UpstreamIdentities;
}

type Handler = (req: Request, res: Response) => Promise<void>;

/**
 * The OAuth bridge: oidc-provider (the authorization server) and the
 * upstream relying party, served at the MCP server's origin under `/oauth/`
 * and at `/.well-known/oauth-authorization-server`. Mounted on the app's
 * Express instance for those paths only; every other request passes by.
 */
@Injectable()
export class OAuthBridge implements OnModuleInit {
  private readonly logger = new Logger('McpOAuthBridge');
  private readonly options?: ResolvedOAuthBridgeOptions;
  /** The bridge built for the signing key `kid`. */
  private running?: { kid: string | undefined; bridge: Promise<RunningBridge> };
  private readonly rateLimit: BridgeRateLimit;

  constructor(
    @Inject(MCP_OPTIONS) private readonly mcpOptions: ResolvedMcpOptions,
    private readonly adapterHost: HttpAdapterHost,
    private readonly auth: McpAuthService,
    private readonly registry: McpRegistry,
    @Inject(MCP_OIDC_ADAPTER) private readonly Adapter: OidcAdapterClass,
    @Inject(MCP_BRIDGE_KEY_STORE) private readonly keys: BridgeKeyStore,
    @Inject(MCP_REGISTRATION_BUDGET) private readonly budget: RegistrationBudget,
    @Inject(MCP_THROTTLER_STORAGE) throttlerStorage: McpThrottlerStorage,
    upstreamTokens: UpstreamTokenAccess,
  ) {
    this.options = mcpOptions.oauthBridge;
    this.rateLimit = new BridgeRateLimit(throttlerStorage, mcpOptions.rateLimit);
    if (this.options) upstreamTokens.attach((accountId) => this.upstreamAccessToken(accountId));
  }

  get enabled(): boolean {
    return this.options !== undefined;
  }

  /** The bridge's issuer: the origin of the resource URL. */
  get issuer(): string {
    return new URL(this.auth.resourceUrl!).origin;
  }

  onModuleInit(): void {
    if (!this.options) return;
    const express = this.adapterHost.httpAdapter.getInstance<{ use(handler: unknown): void }>();
    express.use((req: Request, res: Response, next: NextFunction) => {
      const handler = this.handlerFor(req);
      if (!handler) return next();
      res.set(NOT_FRAMEABLE);
      this.rateLimit
        .admits(req, res)
        .then((admitted) => (admitted ? handler(req, res) : undefined))
        .catch((error: unknown) => this.fail(res, error));
    });
  }

  /** A valid upstream access token of the user (refreshed when needed), for tools calling APIs as them. */
  async upstreamAccessToken(accountId: string): Promise<string> {
    return (await this.bridge()).identities.accessToken(accountId);
  }

  private handlerFor(req: Request): Handler | undefined {
    const path = req.path;
    if (path === BRIDGE_ROUTES.metadata && req.method === 'GET') return (q, s) => this.metadata(q, s);
    if (path === BRIDGE_ROUTES.callback && req.method === 'GET') return this.step((i) => i.callback.bind(i));
    if (path.startsWith(BRIDGE_ROUTES.interactionPrefix)) return this.interactionStep(req);
    if (path === BRIDGE_ROUTES.provider.registration && req.method === 'POST') return (q, s) => this.register(q, s);
    if (path.startsWith('/oauth/')) return (q, s) => this.serve(q, s);
    return undefined;
  }

  private interactionStep(req: Request): Handler | undefined {
    const rest = req.path.slice(BRIDGE_ROUTES.interactionPrefix.length).split('/');
    if (rest.length === 1 && req.method === 'GET') return this.step((i) => i.show.bind(i));
    if (rest[1] === 'login' && req.method === 'GET') return this.step((i) => i.finishLogin.bind(i));
    if (rest[1] === 'consent' && req.method === 'POST') return this.step((i) => i.consent.bind(i));
    return undefined;
  }

  private step(pick: (interactions: Interactions) => Handler): Handler {
    return async (req, res) => pick((await this.bridge()).interactions)(req, res);
  }

  /** RFC 8414: the provider's discovery document, at the path MCP clients look for. */
  private async metadata(req: Request, res: Response): Promise<void> {
    req.url = OIDC_DISCOVERY_PATH;
    await this.serve(req, res);
  }

  /**
   * Registration (RFC 7591), within the budget: open registration must not
   * fill the store. A place is reserved first, and given back when the
   * registration then fails (refused metadata, say).
   */
  private async register(req: Request, res: Response): Promise<void> {
    const source = req.ip ?? 'unknown';
    if (!(await this.budget.tryRegister(source))) {
      const retryAfterSec = this.options!.registrationWindowSec;
      res
        .status(429)
        .set('Retry-After', String(retryAfterSec))
        .json({ error: 'invalid_client_metadata', error_description: REGISTRATIONS_EXHAUSTED });
      return;
    }
    res.on('finish', () => {
      if (res.statusCode !== 201) void this.budget.released(source).catch(() => undefined);
    });
    await this.serve(req, res);
  }

  private async serve(req: Request, res: Response): Promise<void> {
    const { serve } = await this.bridge();
    await serve(req, res);
  }

  /** The bridge of the current signing key: the key store is cached, so this is cheap per request. */
  private async bridge(): Promise<RunningBridge> {
    const signingKeys = await this.keys.signingKeys();
    const kid = signingKeys[0]?.kid;
    if (!this.running || this.running.kid !== kid) {
      const running = {
        kid,
        bridge: this.start(signingKeys).catch((error: unknown) => {
          if (this.running === running) this.running = undefined;
          throw error;
        }),
      };
      this.running = running;
    }
    return this.running.bridge;
  }

  private async start(signingKeys: JWK[]): Promise<RunningBridge> {
    const options = this.options!;
    const oidc = await loadOidcProvider();
    const issuer = this.issuer;
    const idp = new UpstreamIdp(
      { ...options.upstream, scopes: options.upstream.scopes },
      `${issuer}${BRIDGE_ROUTES.callback}`,
    );
    const identities = new UpstreamIdentities(this.Adapter, idp, options.refreshTokenTtlSec);
    const configuration = providerConfiguration(
      {
        resourceUrl: this.auth.resourceUrl!,
        scopes: this.registry.requiredScopes(),
        options,
        signingKeys,
        adapter: this.Adapter,
        identities,
      },
      oidc,
    );
    const provider = new oidc.default(issuer, configuration);
    // Behind the proxies Express trusts, the provider reads the scheme and host they forward.
    provider.proxy = this.mcpOptions.trustProxy !== false;
    provider.on('server_error', (_ctx, error) => this.logger.error(`authorization server error: ${error.message}`));
    return {
      provider,
      serve: provider.callback(),
      interactions: new Interactions(provider, identities, issuer),
      identities,
    };
  }

  /** What a failed step shows: a page without detail (the reason is logged, never a secret). */
  private fail(res: Response, error: unknown): void {
    const name = error instanceof Error ? error.name : 'Error';
    this.logger.warn(`sign-in step failed: ${name}: ${error instanceof Error ? error.message : String(error)}`);
    if (res.headersSent) return void res.end();
    const expired = name === 'SessionNotFound' || name === 'InvalidRequest';
    res
      .status(expired ? 400 : 500)
      .type('html')
      .send(
        failurePage(
          expired
            ? 'This sign-in has expired or is unknown; start again from your application.'
            : 'Something went wrong; try again.',
        ),
      );
  }
}

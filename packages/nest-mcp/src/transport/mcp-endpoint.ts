import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  createMcpHandler,
  legacyStatelessFallback,
  type McpHttpHandler,
  type ServerEventBus,
} from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/mcp-auth.service.js';
import { ScopeGate } from '../auth/scope-gate.js';
import { MCP_MODULE_OPTIONS } from '../mcp.module-definition.js';
import { MCP_NOTIFICATION_BUS } from '../stores/notifications/notification.bus.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import { McpServerFactory } from '../protocol/mcp-server.factory.js';
import { describe } from '../protocol/handler-failure.js';
import { exchangeOf } from '../observability/exchange.js';
import { isLegacyExchange, legacyRevisionOf, MODERN_REVISION } from './era.js';
import { serveWebExchange, type FetchHandler, type WebExchangeOptions } from './web-exchange.js';
import { LegacySessions } from './legacy-sessions.js';
import { McpBodyReader } from './mcp-body-reader.js';
import { StreamQuota } from './stream-quota.js';
import { DEFAULT_MAX_SUBSCRIPTION_BYTES, overSubscriptionBudget } from './subscription-budget.js';
import { McpHttpException } from '../auth/mcp-http.exception.js';
import { callerKeyOf } from '../auth/caller-key.js';

/**
 * Routes each HTTP exchange to its era: 2026-07-28 to the SDK's per-request
 * handler; 2025-era to a session (stateful) or to the SDK's stateless fallback.
 */
@Injectable()
export class McpEndpoint implements OnModuleDestroy {
  private readonly logger = new Logger('McpEndpoint');
  readonly modern: McpHttpHandler;
  private readonly statelessLegacy?: FetchHandler;
  private readonly onerror = (error: Error) => this.logger.warn(describe(error));
  private readonly stateful: boolean;
  private readonly exchangeOptions: WebExchangeOptions;
  private readonly maxSubscriptionBytes: number;

  constructor(
    factory: McpServerFactory,
    private readonly sessions: LegacySessions,
    private readonly scopeGate: ScopeGate,
    private readonly bodies: McpBodyReader,
    private readonly streams: StreamQuota,
    @Inject(MCP_NOTIFICATION_BUS) bus: ServerEventBus,
    @Inject(MCP_MODULE_OPTIONS) options: McpModuleOptions,
  ) {
    const maxRequestBodySize = options.maxRequestBodyBytes;
    this.maxSubscriptionBytes = options.maxSubscriptionBytes ?? DEFAULT_MAX_SUBSCRIPTION_BYTES;
    this.exchangeOptions = {
      onerror: this.onerror,
      maxQueuedBytes: options.maxQueuedBytes,
      slowClientTimeoutMs: options.slowClientTimeoutMs,
    };
    this.modern = createMcpHandler(() => factory.create('modern'), {
      legacy: 'reject',
      onerror: this.onerror,
      maxRequestBodySize,
      bus,
      // The fair bound is StreamQuota's (per caller, then the largest caller gives way); the SDK's is a backstop.
      maxSubscriptions: streams.total + 1,
    });
    this.stateful = (options.legacyMode ?? 'stateful') === 'stateful';
    if (!this.stateful) {
      this.statelessLegacy = legacyStatelessFallback(() => factory.create('legacy'), this.onerror, {
        maxRequestBodySize,
      });
    }
  }

  async handle(req: Request, res: Response): Promise<void> {
    // The guards have accepted the request from its headers; only now is its body read.
    if (!(await this.bodies.read(req, res))) return;
    this.scopeGate.check(req.body, (req as AuthenticatedRequest).user);
    const legacy = isLegacyExchange(req);
    if (opensStream(req, legacy)) {
      if (!legacy) this.checkListenFilter(req.body);
      this.streams.admit(callerKeyOf(req as AuthenticatedRequest), res);
    }
    const exchange = exchangeOf(req);
    if (exchange) exchange.era = legacy ? legacyRevisionOf(req) : MODERN_REVISION;
    if (!legacy) return serveWebExchange(this.modern.fetch, req, res, this.exchangeOptions);
    if (this.stateful) return this.sessions.handle(req, res);
    return serveWebExchange(this.statelessLegacy!, req, res, this.exchangeOptions);
  }

  /** A listen stream keeps its filter for as long as it is open: its resource URIs are bounded. */
  private checkListenFilter(body: ListenBody | undefined): void {
    const uris = body?.params?.notifications?.resourceSubscriptions;
    const refusal = Array.isArray(uris) ? overSubscriptionBudget(uris, this.maxSubscriptionBytes) : undefined;
    if (refusal) throw new McpHttpException(400, -32602, `Invalid params: ${refusal}`);
  }

  async onModuleDestroy(): Promise<void> {
    await this.modern.close();
  }
}

/** A 2025 GET stream, or a 2026-07-28 `subscriptions/listen`: an exchange that stays open. */
function opensStream(req: Request, legacy: boolean): boolean {
  if (req.method === 'GET') return true;
  return !legacy && (req.body as { method?: unknown } | undefined)?.method === 'subscriptions/listen';
}

interface ListenBody {
  params?: { notifications?: { resourceSubscriptions?: unknown } };
}

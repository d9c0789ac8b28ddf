import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  createMcpHandler,
  legacyStatelessFallback,
  type McpHttpHandler,
  type ServerEventBus,
} from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import { setTimeout as sleep } from 'node:timers/promises';
import type { AuthenticatedRequest } from '../auth/mcp-auth.service.js';
import { ScopeGate } from '../auth/scope-gate.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import { MCP_NOTIFICATION_BUS } from '../stores/notifications/notification.bus.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpLifecycle } from '../lifecycle/mcp-lifecycle.service.js';
import { McpServerFactory } from '../protocol/mcp-server.factory.js';
import { TaskRuntime } from '../tasks/task-runtime.js';
import { TaskListen } from '../tasks/task-listen.js';
import { taskOwner } from '../tasks/task-owner.js';
import { describe } from '../protocol/handler-failure.js';
import { exchangeOf } from '../observability/exchange.js';
import { startExchangeSpan } from '../observability/tracing/exchange-span.js';
import { context } from '@opentelemetry/api';
import { isLegacyExchange, legacyRevisionOf, MODERN_REVISION } from './era.js';
import { serveWebExchange, type FetchHandler, type WebExchangeOptions } from './web-exchange.js';
import { LegacySessions } from './legacy-sessions.js';
import { McpBodyReader } from './mcp-body-reader.js';
import { ParamHeaderGate } from './param-header-gate.js';
import { StreamQuota } from './stream-quota.js';
import { overSubscriptionBudget } from './subscription-budget.js';
import { McpRefusal } from '../errors/refusals.js';
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
  /** Responses being written to requests that are no stream: shutdown lets them finish. */
  private readonly answering = new Set<Response>();

  constructor(
    factory: McpServerFactory,
    private readonly sessions: LegacySessions,
    private readonly scopeGate: ScopeGate,
    private readonly paramHeaders: ParamHeaderGate,
    private readonly bodies: McpBodyReader,
    private readonly streams: StreamQuota,
    private readonly lifecycle: McpLifecycle,
    private readonly tasks: TaskRuntime,
    private readonly taskListen: TaskListen,
    @Inject(MCP_NOTIFICATION_BUS) bus: ServerEventBus,
    @Inject(MCP_OPTIONS) options: ResolvedMcpOptions,
  ) {
    const maxRequestBodySize = options.maxRequestBodyBytes;
    this.maxSubscriptionBytes = options.maxSubscriptionBytes;
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
    this.stateful = options.legacyMode === 'stateful';
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
    // Mcp-Param-* headers are 2026-07-28's; the SDK checks the standard ones itself.
    if (!legacy) this.paramHeaders.check(req.body, req.headers);
    if (opensStream(req, legacy)) {
      if (!legacy) this.checkListenFilter(req.body);
      this.streams.admit(callerKeyOf(req as AuthenticatedRequest), res, legacy ? 'get' : 'listen');
    } else {
      this.answering.add(res);
      res.once('close', () => this.answering.delete(res));
    }
    const exchange = exchangeOf(req);
    if (exchange) exchange.era = legacy ? legacyRevisionOf(req) : MODERN_REVISION;
    const traced = startExchangeSpan(req);
    // Served in the exchange span's context: what it runs (handlers, tasks, relays) continues its trace.
    return traced ? context.with(traced, () => this.serve(req, res, legacy)) : this.serve(req, res, legacy);
  }

  private serve(req: Request, res: Response, legacy: boolean): Promise<void> {
    if (!legacy && TaskListen.wants(req.body)) {
      // Task status lives in the task store, not on the SDK's event bus: such a listen is the tasks runtime's.
      // 2026-07-28 has no sessions: the owner is the principal, else the address.
      const owner = taskOwner((req as AuthenticatedRequest).user, undefined, req.ip);
      const serve = (request: globalThis.Request) => this.taskListen.serve(req.body, owner, request.signal);
      return serveWebExchange(serve, req, res, this.exchangeOptions);
    }
    if (!legacy) return serveWebExchange(this.modern.fetch, req, res, this.exchangeOptions);
    if (this.stateful) return this.sessions.handle(req, res);
    return serveWebExchange(this.statelessLegacy!, req, res, this.exchangeOptions);
  }

  /** A listen stream keeps its filter for as long as it is open: its resource URIs are bounded. */
  private checkListenFilter(body: ListenBody | undefined): void {
    const uris = body?.params?.notifications?.resourceSubscriptions;
    const refusal = Array.isArray(uris) ? overSubscriptionBudget(uris, this.maxSubscriptionBytes) : undefined;
    if (refusal) throw new McpRefusal('invalidParams', `Invalid params: ${refusal}`);
  }

  async onModuleDestroy(): Promise<void> {
    // Destroyed before the sessions and stores it uses: calls in flight finish (or are cancelled) first.
    await this.lifecycle.drain();
    // Tasks still running past the grace are recorded as ended by the shutdown; then this instance's lease goes.
    await this.tasks.abandon();
    // A call that ended in time still has its answer to write.
    await Promise.race([
      Promise.all([...this.answering].map((res) => new Promise((resolve) => res.once('close', resolve)))),
      sleep(ANSWER_GRACE_MS, undefined, { ref: false }),
    ]);
    await this.modern.close();
  }
}

/** How long the answers of calls that finished during the drain get to be written. */
const ANSWER_GRACE_MS = 1_000;

/** A 2025 GET stream, or a 2026-07-28 `subscriptions/listen`: an exchange that stays open. */
function opensStream(req: Request, legacy: boolean): boolean {
  if (req.method === 'GET') return true;
  return !legacy && (req.body as { method?: unknown } | undefined)?.method === 'subscriptions/listen';
}

interface ListenBody {
  params?: { notifications?: { resourceSubscriptions?: unknown } };
}

import {
  Inject,
  Module,
  RequestMethod,
  type MiddlewareConsumer,
  type NestModule,
  type OnModuleInit,
} from '@nestjs/common';
import { DiscoveryModule, ModulesContainer } from '@nestjs/core';
import { McpAuthGuard } from './auth/mcp-auth.guard.js';
import { McpAuthService } from './auth/mcp-auth.service.js';
import { ScopeGate } from './auth/scope-gate.js';
import { ParamHeaderGate } from './transport/param-header-gate.js';
import { HandlerWrapper } from './discovery/handler-wrapper.js';
import { McpMetadataAccessor } from './discovery/mcp-metadata.accessor.js';
import { McpExplorer } from './discovery/mcp.explorer.js';
import { DrainGuard } from './lifecycle/drain.guard.js';
import { McpLifecycle } from './lifecycle/mcp-lifecycle.service.js';
import { MCP_DEFAULTS } from './options/mcp-defaults.js';
import { MCP_MODULE_OPTIONS, McpConfigurableModule } from './mcp.module-definition.js';
import type { ResolvedMcpOptions } from './options/mcp-options.schema.js';
import { MCP_OPTIONS } from './options/mcp-options.token.js';
import { MCP_REGISTRATION, type McpRegistration } from './registration/mcp-registration.js';
import { checkRouteConflicts, registrationsOf } from './registration/route-conflicts.js';
import { EndpointAnnouncement } from './observability/endpoint-announcement.js';
import { ExchangeLog } from './observability/exchange-log.service.js';
import { ExchangeLogMiddleware } from './observability/exchange-log.middleware.js';
import { McpMetrics } from './observability/mcp-metrics.service.js';
import { ReadinessChecks } from './observability/readiness-checks.service.js';
import { McpServerFactory } from './protocol/mcp-server.factory.js';
import { TaskRuntime } from './tasks/task-runtime.js';
import { TaskListen } from './tasks/task-listen.js';
import { McpRegistry } from './registry/mcp.registry.js';
import { oauthStateProviders } from './stores/oauth/oauth-state.providers.js';
import { OAuthBridge } from './oauth-bridge/oauth-bridge.service.js';
import { UpstreamTokenAccess } from './oauth-bridge/upstream/upstream-token-access.js';
import { McpThrottlerGuard } from './throttling/mcp-throttler.guard.js';
import { RedisLifecycle } from './stores/redis/redis-lifecycle.service.js';
import { storeProviders } from './stores/store.providers.js';
import { SessionRelay } from './stores/redis/session-relay.js';
import { throttlerProviders } from './throttling/throttler.providers.js';
import { DnsRebindingGuard } from './transport/dns-rebinding.guard.js';
import { EndpointUrl } from './transport/endpoint-url.js';
import { LegacySessions } from './transport/legacy-sessions.js';
import { HttpServerTimeouts } from './transport/http-server-timeouts.js';
import { BodyParserFailures } from './transport/body-parser-failures.js';
import { McpBodyReader } from './transport/mcp-body-reader.js';
import { StreamQuota } from './transport/stream-quota.js';
import { TrustProxy } from './transport/trust-proxy.js';
import { McpEndpoint } from './transport/mcp-endpoint.js';
import { McpNotifier } from './transport/mcp-notifier.js';

export const DEFAULT_MCP_PATH = MCP_DEFAULTS.path;

/**
 * The MCP server: `McpModule.forRoot(options)` (or `forRootAsync`). Each
 * registration has its own controllers (its routes) and providers; several
 * may live in one app, each with its own `path`, `include` and routes.
 */
@Module({
  imports: [DiscoveryModule],
  // Each registration adds controllers of its own (see mcp.module-definition.ts).
  controllers: [],
  providers: [
    ...storeProviders,
    ...oauthStateProviders,
    OAuthBridge,
    UpstreamTokenAccess,
    RedisLifecycle,
    SessionRelay,
    ...throttlerProviders,
    McpThrottlerGuard,
    McpAuthService,
    McpAuthGuard,
    ScopeGate,
    ParamHeaderGate,
    DnsRebindingGuard,
    DrainGuard,
    McpLifecycle,
    McpMetrics,
    ExchangeLog,
    ReadinessChecks,
    McpMetadataAccessor,
    HandlerWrapper,
    McpExplorer,
    McpRegistry,
    McpServerFactory,
    TaskRuntime,
    TaskListen,
    LegacySessions,
    McpBodyReader,
    BodyParserFailures,
    StreamQuota,
    HttpServerTimeouts,
    EndpointUrl,
    EndpointAnnouncement,
    McpEndpoint,
    McpNotifier,
    TrustProxy,
  ],
  exports: [McpRegistry, McpAuthService, McpLifecycle, McpMetrics, ReadinessChecks, MCP_MODULE_OPTIONS, MCP_OPTIONS],
})
export class McpModule extends McpConfigurableModule implements NestModule, OnModuleInit {
  constructor(
    @Inject(MCP_OPTIONS) private readonly options: ResolvedMcpOptions,
    @Inject(MCP_REGISTRATION) registration: McpRegistration,
    private readonly modules: ModulesContainer,
  ) {
    super();
    // The paths are options (possibly resolved asynchronously), and routes are read
    // after modules are built: placing them here, on this registration's own controllers, reaches the router.
    const alone = [...modules.values()].filter((moduleRef) => moduleRef.metatype === McpModule).length === 1;
    registration.place(options, modules.applicationId, alone);
  }

  onModuleInit(): void {
    checkRouteConflicts(registrationsOf(this.modules, McpModule));
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ExchangeLogMiddleware).forRoutes({ path: this.options.path, method: RequestMethod.ALL });
  }
}

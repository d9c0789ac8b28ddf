import {
  Inject,
  Module,
  RequestMethod,
  type DynamicModule,
  type MiddlewareConsumer,
  type NestModule,
  type Type,
} from '@nestjs/common';
import { PATH_METADATA } from '@nestjs/common/constants.js';
import { DiscoveryModule } from '@nestjs/core';
import { McpAuthGuard } from './auth/mcp-auth.guard.js';
import { McpAuthService } from './auth/mcp-auth.service.js';
import { ScopeGate } from './auth/scope-gate.js';
import { ProtectedResourceController } from './auth/protected-resource.controller.js';
import { HandlerWrapper } from './discovery/handler-wrapper.js';
import { McpMetadataAccessor } from './discovery/mcp-metadata.accessor.js';
import { McpExplorer } from './discovery/mcp.explorer.js';
import { DrainGuard } from './lifecycle/drain.guard.js';
import { McpLifecycle } from './lifecycle/mcp-lifecycle.service.js';
import {
  DEFAULT_EXTRAS,
  MCP_ASYNC_OPTIONS_TYPE,
  MCP_MODULE_OPTIONS,
  MCP_OPTIONS_TYPE,
  McpConfigurableModule,
  type McpModuleExtras,
} from './mcp.module-definition.js';
import type { McpModuleOptions } from './mcp-options.interface.js';
import { EndpointAnnouncement } from './observability/endpoint-announcement.js';
import { ExchangeLog } from './observability/exchange-log.service.js';
import { ExchangeLogMiddleware } from './observability/exchange-log.middleware.js';
import { HealthController } from './observability/health.controller.js';
import { MetricsController } from './observability/metrics.controller.js';
import { McpMetrics } from './observability/mcp-metrics.service.js';
import { ReadinessChecks } from './observability/readiness-checks.service.js';
import { McpServerFactory } from './protocol/mcp-server.factory.js';
import { McpRegistry } from './registry/mcp.registry.js';
import { McpThrottlerGuard } from './throttling/mcp-throttler.guard.js';
import { RedisLifecycle } from './redis/redis-lifecycle.service.js';
import { storeProviders } from './redis/store.providers.js';
import { SessionRelay } from './redis/session-relay.js';
import { throttlerProviders } from './throttling/throttler.providers.js';
import { DnsRebindingGuard } from './transport/dns-rebinding.guard.js';
import { LegacySessions } from './transport/legacy-sessions.js';
import { HttpServerTimeouts } from './transport/http-server-timeouts.js';
import { BodyParserFailures } from './transport/body-parser-failures.js';
import { McpBodyReader } from './transport/mcp-body-reader.js';
import { StreamQuota } from './transport/stream-quota.js';
import { McpEndpoint } from './transport/mcp-endpoint.js';
import { McpNotifier } from './transport/mcp-notifier.js';
import { McpController } from './transport/mcp.controller.js';

export const DEFAULT_MCP_PATH = '/mcp';

@Module({
  imports: [DiscoveryModule],
  // Health, metrics and RFC 9728 metadata routes: per registration (`withRoutes`).
  controllers: [McpController],
  providers: [
    ...storeProviders,
    RedisLifecycle,
    SessionRelay,
    ...throttlerProviders,
    McpThrottlerGuard,
    McpAuthService,
    McpAuthGuard,
    ScopeGate,
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
    LegacySessions,
    McpBodyReader,
    BodyParserFailures,
    StreamQuota,
    HttpServerTimeouts,
    EndpointAnnouncement,
    McpEndpoint,
    McpNotifier,
  ],
  exports: [McpRegistry, McpAuthService, McpLifecycle, McpMetrics, ReadinessChecks, MCP_MODULE_OPTIONS],
})
export class McpModule extends McpConfigurableModule implements NestModule {
  private readonly path: string;

  constructor(@Inject(MCP_MODULE_OPTIONS) options: McpModuleOptions) {
    super();
    this.path = options.path ?? DEFAULT_MCP_PATH;
    // The path is an option (possibly resolved asynchronously), and routes are
    // resolved after modules are built: setting it here reaches the router.
    Reflect.defineMetadata(PATH_METADATA, this.path, McpController);
  }

  static forRoot(options: typeof MCP_OPTIONS_TYPE): DynamicModule {
    return withRoutes(super.forRoot(options), options);
  }

  static forRootAsync(options: typeof MCP_ASYNC_OPTIONS_TYPE): DynamicModule {
    return withRoutes(super.forRootAsync(options), options);
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ExchangeLogMiddleware).forRoutes({ path: this.path, method: RequestMethod.ALL });
  }
}

/** The routes beside the endpoint that this registration serves (each on unless its extra says false). */
function withRoutes(definition: DynamicModule, chosen: McpModuleExtras): DynamicModule {
  const extras = { ...DEFAULT_EXTRAS, ...chosen };
  const routes: Type[] = [
    ...(extras.protectedResourceRoutes ? [ProtectedResourceController] : []),
    ...(extras.healthRoutes ? [HealthController] : []),
    ...(extras.metricsRoute ? [MetricsController] : []),
  ];
  return { ...definition, controllers: [...(definition.controllers ?? []), ...routes] };
}

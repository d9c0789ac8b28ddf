import type { Provider, Type } from '@nestjs/common';
import { ProtectedResourceController } from '../auth/protected-resource.controller.js';
import { HealthController } from '../observability/health.controller.js';
import { MetricsController } from '../observability/metrics.controller.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpController } from '../transport/mcp.controller.js';
import { placeController, placeHandler, withOwnRoutes } from './own-routes.js';

/** The registration (one `forRoot`/`forRootAsync`) a module instance belongs to. */
export const MCP_REGISTRATION = Symbol('MCP_REGISTRATION');

/** The RFC 9728 metadata of the resource at `https://host/a` is at `/.well-known/oauth-protected-resource/a`. */
const METADATA_ROOT = '.well-known/oauth-protected-resource';

let registrations = 0;

/**
 * One registration's controllers: classes of its own, so that its paths
 * (known once its options are resolved) are written on them and on no other
 * registration's. Routes are read from them when the app initializes.
 */
export class McpRegistration {
  readonly id = ++registrations;
  readonly endpoint = withOwnRoutes(McpController);
  readonly metadata = withOwnRoutes(ProtectedResourceController);
  readonly health = withOwnRoutes(HealthController);
  readonly metrics = withOwnRoutes(MetricsController);
  /** The app whose routes the controllers carry, and where its endpoint is. */
  private placed?: { appId: string; path: string };

  get controllers(): Type[] {
    return [this.endpoint, this.metadata, this.health, this.metrics];
  }

  /**
   * Sets the paths of the controllers from the resolved options. `alone`: the
   * app has no other registration, so the metadata is also at the root location.
   */
  place(options: ResolvedMcpOptions, appId: string, alone: boolean): void {
    if (this.placed && this.placed.appId !== appId && this.placed.path !== options.path) {
      throw new Error(
        `this McpModule registration serves ${this.placed.path} in another app; make one per app (call McpModule.forRoot per app) to serve ${options.path}`,
      );
    }
    this.placed = { appId, path: options.path };
    placeController(this.endpoint, options.path);
    placeController(this.metadata, METADATA_ROOT);
    placeHandler(this.metadata, 'root', alone ? ['/'] : undefined);
    placeHandler(this.metadata, 'forPath', [resourcePathOf(options)]);
    // A route turned off (`false`) keeps no handler, so it is not served.
    const { healthPath, metricsPath } = options;
    if (healthPath) placeController(this.health, healthPath);
    placeHandler(this.health, 'live', healthPath ? ['live'] : undefined);
    placeHandler(this.health, 'ready', healthPath ? ['ready'] : undefined);
    if (metricsPath) placeController(this.metrics, metricsPath);
    placeHandler(this.metrics, 'scrape', metricsPath ? ['/'] : undefined);
  }

  /** The routes this registration serves (paths without parameters), for conflict checks. */
  static routesOf(options: ResolvedMcpOptions): string[] {
    return [
      options.path,
      `/${METADATA_ROOT}${resourcePathOf(options)}`,
      ...(options.healthPath ? [options.healthPath] : []),
      ...(options.metricsPath ? [options.metricsPath] : []),
    ];
  }
}

/** The path of the protected resource: its URL's when auth gives one (what clients derive the metadata URL from). */
function resourcePathOf(options: ResolvedMcpOptions): string {
  return options.auth?.resourceUrl ? new URL(options.auth.resourceUrl).pathname : options.path;
}

/** A new registration, its controllers and the provider that hands it to the module instance. */
export function newRegistration(): { controllers: Type[]; provider: Provider } {
  const registration = new McpRegistration();
  return { controllers: registration.controllers, provider: { provide: MCP_REGISTRATION, useValue: registration } };
}

import { Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Server } from '@modelcontextprotocol/server';
import { McpRegistry } from '../registry/mcp.registry.js';
import type { RegistryChange } from '../registry/registry.types.js';
import { LegacySessions } from './legacy-sessions.js';
import { McpEndpoint } from './mcp-endpoint.js';

/**
 * Fans registry changes out to every connected client: 2025-era sessions get
 * `list_changed` / `resources/updated` on their GET stream, 2026-07-28 clients
 * on their `subscriptions/listen` stream.
 */
@Injectable()
export class McpNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('McpNotifier');
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly registry: McpRegistry,
    private readonly sessions: LegacySessions,
    private readonly endpoint: McpEndpoint,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.registry.onChange((change) => this.listChanged(change)),
      this.registry.onResourceUpdated((uri) => this.resourceUpdated(uri)),
    );
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
  }

  private listChanged(change: RegistryChange): void {
    const notify = this.endpoint.modern.notify;
    if (change === 'tools') notify.toolsChanged();
    if (change === 'resources') notify.resourcesChanged();
    if (change === 'prompts') notify.promptsChanged();
    for (const { server } of this.sessions.all()) this.send(server, () => sendListChanged(server, change));
  }

  private resourceUpdated(uri: string): void {
    this.endpoint.modern.notify.resourceUpdated(uri);
    for (const { server, subscriptions } of this.sessions.all()) {
      if (subscriptions.has(uri)) this.send(server, () => server.sendResourceUpdated({ uri }));
    }
  }

  private send(server: Server, notify: () => Promise<void>): void {
    notify().catch((error: Error) => this.logger.debug(`notification not delivered: ${error.message}`));
  }
}

function sendListChanged(server: Server, change: RegistryChange): Promise<void> {
  if (change === 'tools') return server.sendToolListChanged();
  if (change === 'resources') return server.sendResourceListChanged();
  return server.sendPromptListChanged();
}

import { Inject, Injectable, Logger, type OnModuleDestroy, type OnModuleInit } from '@nestjs/common';
import type { Server, ServerEvent, ServerEventBus } from '@modelcontextprotocol/server';
import { MCP_NOTIFICATION_BUS } from '../stores/notifications/notification.bus.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import type { RegistryChange } from '../registry/registry.types.js';
import { LegacySessions } from './legacy-sessions.js';

const EVENT_OF: Record<RegistryChange, ServerEvent> = {
  tools: { kind: 'tools_list_changed' },
  resources: { kind: 'resources_list_changed' },
  prompts: { kind: 'prompts_list_changed' },
};

/**
 * Fans change events out to every connected client. Registry changes go onto
 * the event bus (in memory, or Redis pub/sub across instances); 2026-07-28
 * clients get them on their `subscriptions/listen` streams (the SDK's handler
 * listens to the same bus), and this notifier hands them to the 2025-era
 * sessions this instance holds, on their GET streams.
 */
@Injectable()
export class McpNotifier implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger('McpNotifier');
  private readonly unsubscribe: (() => void)[] = [];

  constructor(
    private readonly registry: McpRegistry,
    private readonly sessions: LegacySessions,
    @Inject(MCP_NOTIFICATION_BUS) private readonly bus: ServerEventBus,
  ) {}

  onModuleInit(): void {
    this.unsubscribe.push(
      this.registry.onChange((change) => this.bus.publish(EVENT_OF[change])),
      this.registry.onResourceUpdated((uri) => this.bus.publish({ kind: 'resource_updated', uri })),
      this.bus.subscribe((event) => this.toLegacySessions(event)),
    );
  }

  onModuleDestroy(): void {
    for (const unsubscribe of this.unsubscribe) unsubscribe();
  }

  private toLegacySessions(event: ServerEvent): void {
    for (const { server, subscriptions } of this.sessions.all()) {
      if (event.kind === 'resource_updated') {
        if (subscriptions.has(event.uri)) this.send(server.sendResourceUpdated({ uri: event.uri }));
      } else {
        this.send(sendListChanged(server, event.kind));
      }
    }
  }

  private send(delivery: Promise<void>): void {
    delivery.catch((error: Error) => this.logger.debug(`notification not delivered: ${error.message}`));
  }
}

function sendListChanged(server: Server, kind: Exclude<ServerEvent['kind'], 'resource_updated'>): Promise<void> {
  if (kind === 'tools_list_changed') return server.sendToolListChanged();
  if (kind === 'resources_list_changed') return server.sendResourceListChanged();
  return server.sendPromptListChanged();
}

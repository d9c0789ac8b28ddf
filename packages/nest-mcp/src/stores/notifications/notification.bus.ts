import type { ServerEventBus } from '@modelcontextprotocol/server';

/**
 * The fan-out of change notifications (tools/resources/prompts list_changed,
 * resources/updated): the SDK's `ServerEventBus`. An event published on any
 * instance reaches every subscriber of every instance, its own included, once.
 * Defaults: the SDK's `InMemoryServerEventBus` (one process), or Redis pub/sub
 * when `redis` is set; plug your own with `stores: { notifications: ... }`.
 *
 * Contract: `publish` never throws and never waits (delivery is best effort:
 * a bus that is down drops the event); `subscribe` returns the function that
 * removes the listener; a listener that throws does not stop the others.
 */
export type McpNotificationBus = ServerEventBus;

/** Injection token of the `McpNotificationBus`. */
export const MCP_NOTIFICATION_BUS = Symbol('MCP_NOTIFICATION_BUS');

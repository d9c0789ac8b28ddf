import type { InjectionToken, ModuleMetadata, OptionalFactoryDependency, Provider, Type } from '@nestjs/common';
import type { McpEventStore } from './events/event.store.js';
import { MCP_EVENT_STORE } from './events/event.store.js';
import { MCP_NOTIFICATION_BUS, type McpNotificationBus } from './notifications/notification.bus.js';
import { MCP_REQUEST_STATE_KEY_STORE, type RequestStateKeyStore } from './request-state/request-state-key.store.js';
import { MCP_SESSION_STORE, type SessionStore } from './sessions/session.store.js';
import { MCP_BRIDGE_KEY_STORE, type BridgeKeyStore } from './oauth/bridge-key.store.js';
import { MCP_OIDC_ADAPTER, type OidcAdapterClass } from './oauth/oidc-adapter.js';
import { MCP_REGISTRATION_BUDGET, type RegistrationBudget } from './oauth/registration-budget.js';
import { MCP_TASK_STORE, type TaskStore } from './tasks/task.store.js';
import { MCP_TASK_SIGNALS, type TaskSignals } from './tasks/task-signals.js';
import { MCP_INSTANCE_LIVENESS, type InstanceLiveness } from './tasks/instance-liveness.js';
import { MCP_THROTTLER_STORAGE, type McpThrottlerStorage } from './throttling/throttler.storage.js';

/**
 * How one store is provided: a Nest provider without its `provide` (the
 * store's token is filled in). `useClass` is instantiated in the MCP module
 * and may inject what is visible there (global providers, and the exports of
 * `stores.imports`); `useExisting` names a provider made elsewhere.
 */
export type StoreProvider<T> =
  | { useClass: Type<T> }
  | { useExisting: InjectionToken }
  | { useValue: T }
  | {
      useFactory: (...args: never[]) => T | Promise<T>;
      inject?: (InjectionToken | OptionalFactoryDependency)[];
    };

/**
 * The stores the module uses in place of its defaults (in memory; Redis when
 * `redis` is set). Each is a provider of the store's interface, so a store
 * of your own (Postgres sessions, say) is a class, not a fork.
 */
export interface McpStores {
  /** Modules whose exported providers the stores inject (your database module, say). */
  imports?: ModuleMetadata['imports'];
  /** 2025-era session records (`SessionStore`). */
  sessions?: StoreProvider<SessionStore>;
  /** The resumability events of 2025-era streams (`McpEventStore`). */
  events?: StoreProvider<McpEventStore>;
  /** Tasks: long-running tool calls, their owners and results (`TaskStore`). */
  tasks?: StoreProvider<TaskStore>;
  /** Word that a task changed, to every instance (`TaskSignals`: another pub/sub than Redis, say). */
  taskSignals?: StoreProvider<TaskSignals>;
  /** Which instances are alive, so a dead one's tasks settle (`InstanceLiveness`: your platform's own view, say). */
  instanceLiveness?: StoreProvider<InstanceLiveness>;
  /** Rate-limit counters (`ThrottlerStorage` of `@nestjs/throttler`). */
  throttler?: StoreProvider<McpThrottlerStorage>;
  /** Fan-out of list_changed and resources/updated across instances (`McpNotificationBus`). */
  notifications?: StoreProvider<McpNotificationBus>;
  /** Where the `requestState` signing key comes from when `requestStateKey` is unset (`RequestStateKeyStore`). */
  requestStateKey?: StoreProvider<RequestStateKeyStore>;
  /** The OAuth bridge's state: clients, codes, grants, sessions, tokens (oidc-provider's adapter class, `OidcAdapterClass`). */
  oauthAdapter?: StoreProvider<OidcAdapterClass>;
  /** The OAuth bridge's signing keys, from which its cookie keys are derived (`BridgeKeyStore`). */
  oauthKeys?: StoreProvider<BridgeKeyStore>;
  /** How many clients may register at the OAuth bridge (`RegistrationBudget`). */
  oauthRegistrations?: StoreProvider<RegistrationBudget>;
}

const TOKENS = {
  sessions: MCP_SESSION_STORE,
  events: MCP_EVENT_STORE,
  tasks: MCP_TASK_STORE,
  taskSignals: MCP_TASK_SIGNALS,
  instanceLiveness: MCP_INSTANCE_LIVENESS,
  throttler: MCP_THROTTLER_STORAGE,
  notifications: MCP_NOTIFICATION_BUS,
  requestStateKey: MCP_REQUEST_STATE_KEY_STORE,
  oauthAdapter: MCP_OIDC_ADAPTER,
  oauthKeys: MCP_BRIDGE_KEY_STORE,
  oauthRegistrations: MCP_REGISTRATION_BUDGET,
} as const;

const PROVIDER_KINDS = ['useClass', 'useExisting', 'useValue', 'useFactory'];

/** The providers of the stores given, under the tokens the module injects (they replace its defaults). */
export function storeOverrides(stores: McpStores = {}): Provider[] {
  const overrides: Provider[] = [];
  for (const [kind, token] of Object.entries(TOKENS) as [keyof typeof TOKENS, symbol][]) {
    const provider = stores[kind];
    if (!provider) continue;
    if (!PROVIDER_KINDS.some((key) => key in provider)) {
      throw new TypeError(`McpModule: stores.${kind} must have one of ${PROVIDER_KINDS.join(', ')}`);
    }
    overrides.push({ provide: token, ...provider } as Provider);
  }
  return overrides;
}

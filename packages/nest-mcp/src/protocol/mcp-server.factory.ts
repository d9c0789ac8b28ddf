import { Inject, Injectable } from '@nestjs/common';
import {
  type Server,
  type RequestStateCodec,
  type ServerCapabilities,
  type ServerContext,
} from '@modelcontextprotocol/server';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpRegistry } from '../registry/mcp.registry.js';
import type { McpEra } from './mcp-context.js';
import { InputRounds } from './input-rounds.js';
import { McpLifecycle } from '../lifecycle/mcp-lifecycle.service.js';
import { CallsPerCaller } from '../lifecycle/calls-per-caller.js';
import { HandlerObserver } from '../observability/handler-observer.js';
import { McpMetrics } from '../observability/mcp-metrics.service.js';
import { answered } from './handler-failure.js';
import { PromptDispatcher } from './prompt-dispatcher.js';
import type { CarriedState } from './request-state.js';
import { MCP_REQUEST_STATE_CODEC } from './request-state-codec.js';
import { ResourceDispatcher } from './resource-dispatcher.js';
import { ToolDispatcher } from './tool-dispatcher.js';
import { ObservedServer } from '../observability/observed-server.js';
import { installTaskMethods } from '../tasks/task-methods.js';
import { TaskRuntime } from '../tasks/task-runtime.js';
import { LEGACY_TASKS_CAPABILITY, TASKS_EXTENSION_CAPABILITY } from '../tasks/tasks-extension.js';

const CAPABILITIES: ServerCapabilities = {
  tools: { listChanged: true },
  resources: { subscribe: true, listChanged: true },
  prompts: { listChanged: true },
  completions: {},
  logging: {},
};

/** Each era's capabilities: tasks are the 2026-07-28 extension, or 2025-11-25's own capability. */
const CAPABILITIES_OF: Record<McpEra, ServerCapabilities> = {
  modern: { ...CAPABILITIES, extensions: TASKS_EXTENSION_CAPABILITY } as ServerCapabilities,
  legacy: { ...CAPABILITIES, tasks: LEGACY_TASKS_CAPABILITY } as ServerCapabilities,
};

/** Where a 2025-era session's resource subscriptions go (a Set, or one that also persists them). */
export interface SubscriptionSet {
  add(uri: string): unknown;
  delete(uri: string): unknown;
}

/**
 * Builds the SDK's low-level `Server` for one request (2026-07-28, stateless
 * 2025) or one session (stateful 2025). It installs a fixed set of handlers
 * that dispatch into the prebuilt registry, so building one costs the same
 * with one tool or a thousand.
 */
@Injectable()
export class McpServerFactory {
  private readonly tools: ToolDispatcher;
  private readonly resources: ResourceDispatcher;
  private readonly prompts: PromptDispatcher;
  private readonly observer: HandlerObserver;
  private readonly shutdownSignal: AbortSignal;

  constructor(
    registry: McpRegistry,
    metrics: McpMetrics,
    lifecycle: McpLifecycle,
    @Inject(MCP_REQUEST_STATE_CODEC) stateCodec: RequestStateCodec<CarriedState>,
    @Inject(MCP_OPTIONS) private readonly options: ResolvedMcpOptions,
    private readonly tasks: TaskRuntime,
  ) {
    const rounds = new InputRounds(stateCodec);
    const perCaller = new CallsPerCaller(options.maxCallsInFlightPerPrincipal);
    metrics.principalMaxima.set('calls', () => perCaller.most());
    this.observer = new HandlerObserver(metrics, lifecycle, perCaller, (name) => registry.getTool(name) !== undefined);
    this.tools = new ToolDispatcher(registry, rounds, tasks);
    this.resources = new ResourceDispatcher(registry, rounds);
    this.prompts = new PromptDispatcher(registry, rounds);
    this.shutdownSignal = lifecycle.shutdownSignal;
  }

  create(era: McpEra, subscriptions?: SubscriptionSet): Server {
    const server = new ObservedServer(
      { name: this.options.name, version: this.options.version },
      {
        capabilities: CAPABILITIES_OF[era],
        instructions: this.options.instructions,
        // No `requestState.verify` hook: it sees the context, not the request, and a state is bound to the
        // request's target and arguments too. The dispatchers verify it (`InputRounds.open`).
      },
    ).observedBy(this.observer);
    const { tools, resources, prompts } = this;
    const site = (sdk: ServerContext) => ({ sdk, era, server, shutdown: this.shutdownSignal });
    // Every handler's failure leaves as the JSON-RPC error the one mapping gives it (never an unmapped message).
    server.setRequestHandler('tools/list', (request, sdk) => answered(() => tools.list(request, { sdk })));
    server.setRequestHandler('tools/call', (request, sdk) => answered(() => tools.call(request, site(sdk))));
    server.setRequestHandler('resources/list', (request, sdk) => answered(() => resources.list(request, { sdk })));
    server.setRequestHandler('resources/templates/list', (request, sdk) =>
      answered(() => resources.listTemplates(request, { sdk })),
    );
    server.setRequestHandler('resources/read', (request, sdk) => answered(() => resources.read(request, site(sdk))));
    server.setRequestHandler('prompts/list', (request, sdk) => answered(() => prompts.list(request, { sdk })));
    server.setRequestHandler('prompts/get', (request, sdk) => answered(() => prompts.get(request, site(sdk))));
    server.setRequestHandler('completion/complete', (request) => answered(() => prompts.complete(request)));
    installTaskMethods(server, era, this.tasks);
    if (era === 'legacy') {
      server.setRequestHandler('resources/subscribe', (request) =>
        answered(() => {
          subscriptions?.add(request.params.uri);
          return {};
        }),
      );
      server.setRequestHandler('resources/unsubscribe', (request) =>
        answered(() => {
          subscriptions?.delete(request.params.uri);
          return {};
        }),
      );
    }
    return server;
  }
}

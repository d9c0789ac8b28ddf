import { Inject, Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';

/** How long aborted handlers get to answer before the server closes under them. */
const SETTLE_AFTER_ABORT_MS = 1_000;

/**
 * The server's life as the MCP layer sees it: handler calls in flight, and
 * draining on shutdown. Draining turns readiness off and refuses new requests
 * (503); calls in flight get the grace period, then their `ctx.signal` aborts.
 * The app's shutdown drains (the endpoint waits for it before it closes), so
 * an app with Nest's shutdown hooks on drains on SIGTERM.
 */
@Injectable()
export class McpLifecycle implements OnApplicationBootstrap {
  private readonly logger = new Logger('McpLifecycle');
  private readonly shutdown = new AbortController();
  private draining?: Promise<void>;
  private inFlight = 0;
  private idle?: () => void;

  constructor(@Inject(MCP_OPTIONS) private readonly options: ResolvedMcpOptions) {}

  /**
   * Nest's shutdown hooks (`app.enableShutdownHooks()`, on in `createMcpApplication`), or
   * any handler of the app's own, listen for SIGTERM; without one the process dies at once.
   */
  onApplicationBootstrap(): void {
    if (process.listenerCount('SIGTERM') === 0) {
      this.logger.warn(
        'nothing handles SIGTERM: calls in flight will not drain on shutdown; call app.enableShutdownHooks()',
      );
    }
  }

  get isDraining(): boolean {
    return this.draining !== undefined;
  }

  /** Aborted when the grace period of a shutdown runs out. */
  get shutdownSignal(): AbortSignal {
    return this.shutdown.signal;
  }

  /** Marks a handler call as started; call the returned function when it ends. */
  begin(): () => void {
    this.inFlight++;
    let ended = false;
    return () => {
      if (ended) return;
      ended = true;
      if (--this.inFlight === 0) this.idle?.();
    };
  }

  /**
   * Stops taking requests, waits up to `graceMs` (default: the `shutdownGraceMs`
   * option) for calls in flight, then cancels the rest. Calls after the first share its drain.
   */
  drain(graceMs = this.options.shutdownGraceMs): Promise<void> {
    this.draining ??= this.drainFor(graceMs);
    return this.draining;
  }

  private async drainFor(graceMs: number): Promise<void> {
    if (this.inFlight === 0) return;
    this.logger.log(`draining: ${this.inFlight} call(s) in flight, up to ${graceMs} ms`);
    const finished = await this.whenIdle(graceMs);
    if (finished) return;
    this.logger.warn(`grace period over: cancelling ${this.inFlight} call(s)`);
    this.shutdown.abort(new Error('server shutting down'));
    await this.whenIdle(SETTLE_AFTER_ABORT_MS);
  }

  private async whenIdle(timeoutMs: number): Promise<boolean> {
    if (this.inFlight === 0) return true;
    const idle = new Promise<true>((resolve) => (this.idle = () => resolve(true)));
    const timeout = sleep(timeoutMs, false, { ref: false });
    return Promise.race([idle, timeout]);
  }
}

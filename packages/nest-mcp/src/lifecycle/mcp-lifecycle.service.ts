import { Injectable, Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

/** How long aborted handlers get to answer before the server closes under them. */
const SETTLE_AFTER_ABORT_MS = 1_000;

/**
 * The server's life as the MCP layer sees it: handler calls in flight, and
 * draining on shutdown. Draining turns readiness off and refuses new requests
 * (503); calls in flight get the grace period, then their `ctx.signal` aborts.
 */
@Injectable()
export class McpLifecycle {
  private readonly logger = new Logger('McpLifecycle');
  private readonly shutdown = new AbortController();
  private draining = false;
  private inFlight = 0;
  private idle?: () => void;

  get isDraining(): boolean {
    return this.draining;
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

  /** Stops taking requests, waits up to `graceMs` for calls in flight, then cancels the rest. */
  async drain(graceMs: number): Promise<void> {
    this.draining = true;
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

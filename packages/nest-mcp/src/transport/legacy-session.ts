import {
  WebStandardStreamableHTTPServerTransport,
  type EventStore,
  type JSONRPCMessage,
  type RequestId,
  type Server,
} from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import { SessionEventStore } from '../stores/events/session-event-store.js';
import { refusal } from '../errors/client-error.js';
import { sendClientError } from './json-rpc-response.js';
import { serveWebExchange, type WebExchangeOptions } from './web-exchange.js';
import type { SessionRecord } from '../stores/sessions/session.store.js';
import { MCP_DEFAULTS } from '../options/mcp-defaults.js';
import { SessionCalls, type CallRecording } from './session-calls.js';

const ACCEPT = 'application/json, text/event-stream';

/** An unknown, ended or another principal's session: one answer for all (the SDK's transport gives the same). */
export const SESSION_NOT_FOUND = refusal('sessionNotFound', 'Session not found');

/** How long the requests in flight on a session get to answer when it ends (DELETE, expiry, eviction). */
export const DEFAULT_SESSION_END_GRACE_MS = MCP_DEFAULTS.sessionEndGraceMs;

/** How a session bounds what its clients hold. */
export interface SessionLimits {
  /** How a slow client on one of the session's streams is bounded (see WebExchangeOptions). */
  streams?: Pick<WebExchangeOptions, 'maxQueuedBytes' | 'slowClientTimeoutMs'>;
  /** How long the requests in flight get to answer when the session ends. */
  endGraceMs?: number;
}

/** The SDK's transport, telling its session each message it sent (an answer ends a call). */
export class SessionTransport extends WebStandardStreamableHTTPServerTransport {
  onsent?: (message: JSONRPCMessage) => void;

  override async send(message: JSONRPCMessage, options?: { relatedRequestId?: RequestId }): Promise<void> {
    try {
      await super.send(message, options);
    } finally {
      this.onsent?.(message);
    }
  }
}

/** One 2025-era session held by this instance: the SDK's transport and server, and its bookkeeping. */
export class LegacySession {
  lastSeen = Date.now();
  /** Open HTTP exchanges (GET streams, POSTs in flight): a session with one is not idle. */
  openExchanges = 0;
  /**
   * Ids of the client's requests in flight. The SDK's transport routes each
   * answer by request id, so a second request reusing one would leave the
   * first unanswered for good; it is refused instead.
   */
  private readonly inFlight = new Set<RequestId>();
  /** Set once the session is ending: requests arriving from then on get 404, those in flight their answer. */
  private ending = false;
  /** Called when the last request in flight is answered (an ending session waits for it). */
  private readonly whenSettled = new Set<() => void>();

  /** The 2025 revision the session speaks (what its requests carry in `MCP-Protocol-Version`). */
  readonly protocolVersion: string;

  constructor(
    /** What a rebuild needs (kept current: log level, subscriptions), here or on another instance. */
    readonly record: SessionRecord,
    readonly server: Server,
    readonly transport: SessionTransport,
    readonly subscriptions: Set<string>,
    /** Its tool calls in flight here, recorded so that a resume elsewhere hears if this instance dies. */
    private readonly calls: SessionCalls,
    private readonly limits: SessionLimits = {},
  ) {
    this.protocolVersion = protocolVersionOf(record);
    transport.onsent = (message) => calls.sent(message);
  }

  get owner(): string | undefined {
    return this.record.owner;
  }

  static create(options: {
    record: SessionRecord;
    server: Server;
    subscriptions: Set<string>;
    eventStore: EventStore;
    calls: CallRecording;
    maxRequestBodySize?: number;
    limits?: SessionLimits;
    onInitialized: (id: string) => void;
    onClosed: (id: string) => void;
  }): LegacySession {
    const eventStore = new SessionEventStore(options.eventStore, options.record.id);
    const transport = new SessionTransport({
      // The id is chosen before the handshake, so the session's event store can be scoped to it.
      sessionIdGenerator: () => options.record.id,
      eventStore,
      maxRequestBodySize: options.maxRequestBodySize,
      onsessioninitialized: options.onInitialized,
      onsessionclosed: options.onClosed,
    });
    const primes = protocolVersionOf(options.record) >= '2025-11-25';
    const calls = new SessionCalls(options.record.id, transport, eventStore, options.calls, primes);
    return new LegacySession(options.record, options.server, transport, options.subscriptions, calls, options.limits);
  }

  async serve(req: Request, res: Response): Promise<void> {
    // A request that raced with the end of its session: as unknown as any ended session.
    if (this.ending) return sendClientError(res, SESSION_NOT_FOUND);
    if (req.method === 'DELETE') await this.beginEnding();
    const ids = req.method === 'POST' ? requestIdsOf(req.body) : [];
    const clash = ids.find((id, index) => this.inFlight.has(id) || ids.indexOf(id) !== index);
    if (clash !== undefined) {
      const message = `Invalid Request: id ${JSON.stringify(clash)} is already in use by a request in flight on this session`;
      return sendClientError(res, refusal('invalidRequest', message));
    }
    for (const id of ids) this.inFlight.add(id);
    this.openExchanges++;
    res.once('close', () => {
      for (const id of ids) this.inFlight.delete(id);
      this.openExchanges--;
      this.lastSeen = Date.now();
      if (this.inFlight.size === 0) for (const settled of this.whenSettled) settled();
    });
    const resumedElsewhere = await this.resumedElsewhere(req);
    const toolCalls = hasToolCall(req.body) ? ids : [];
    await serveWebExchange(
      async (request, options) => {
        if (resumedElsewhere) return resumedElsewhere;
        const response = await this.transport.handleRequest(request, options);
        if (toolCalls.length > 0) this.calls.started(toolCalls);
        return response;
      },
      req,
      res,
      this.limits.streams,
    );
  }

  /** The answer to a resume of a stream whose calls run on another instance (the SDK here cannot serve it live). */
  private async resumedElsewhere(req: Request): Promise<globalThis.Response | undefined> {
    const lastEventId = req.method === 'GET' ? req.header('last-event-id') : undefined;
    if (!lastEventId || !req.header('accept')?.includes('text/event-stream')) return undefined;
    return this.calls.resumeElsewhere(lastEventId);
  }

  /** Ends the session here (expiry, eviction, parking, deleted elsewhere): its requests in flight are answered first. */
  async end(): Promise<void> {
    if (!this.ending) await this.beginEnding();
    await this.server.close();
    // A call still running here can no longer answer on this session's transport.
    this.calls.forgetAll();
  }

  /**
   * Refuses new requests and waits (bounded) for those in flight: closing the
   * transport under them would end their streams without their answers.
   */
  private beginEnding(): Promise<void> {
    this.ending = true;
    if (this.inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => {
      const settled = () => {
        clearTimeout(timer);
        this.whenSettled.delete(settled);
        resolve();
      };
      const timer = setTimeout(settled, this.limits.endGraceMs ?? DEFAULT_SESSION_END_GRACE_MS);
      this.whenSettled.add(settled);
    });
  }

  /**
   * Rebuilds, on this instance, the SDK state of a session another instance
   * opened: the stored `initialize` (and the `initialized` notification, and
   * the client's log level) replayed into the fresh transport, whose id
   * generator returns the stored id. Only the SDK's public API is used.
   */
  async prime(record: SessionRecord): Promise<void> {
    await this.replay(record.initialize, {});
    const headers = { 'mcp-session-id': record.id, 'mcp-protocol-version': this.protocolVersion };
    await this.replay({ jsonrpc: '2.0', method: 'notifications/initialized' }, headers);
    if (record.logLevel) {
      await this.replay(
        { jsonrpc: '2.0', id: `restore-${record.id}`, method: 'logging/setLevel', params: { level: record.logLevel } },
        headers,
      );
    }
  }

  /** Hands this session messages that reached another instance (a client's answer, a cancellation). */
  async inject(id: string, protocolVersion: string, messages: JSONRPCMessage[]): Promise<void> {
    await this.replay(messages, { 'mcp-session-id': id, 'mcp-protocol-version': protocolVersion });
  }

  private async replay(message: JSONRPCMessage | JSONRPCMessage[], headers: Record<string, string>): Promise<void> {
    const request = new Request('http://localhost/mcp', {
      method: 'POST',
      headers: { 'content-type': 'application/json', accept: ACCEPT, ...headers },
      body: JSON.stringify(message),
    });
    const response = await this.transport.handleRequest(request, { parsedBody: message });
    await response.body?.cancel();
  }
}

/** Whether a POSTed body carries a tool call (the requests that run long enough to be resumed). */
function hasToolCall(body: unknown): boolean {
  const messages = (Array.isArray(body) ? body : [body]) as { method?: unknown }[];
  return messages.some((message) => message?.method === 'tools/call');
}

/** The ids of the requests (not notifications, not responses) in a POSTed body. */
function requestIdsOf(body: unknown): RequestId[] {
  const messages = Array.isArray(body) ? body : [body];
  const ids: RequestId[] = [];
  for (const message of messages as { method?: unknown; id?: unknown }[]) {
    if (typeof message?.method !== 'string') continue;
    if (typeof message.id === 'string' || typeof message.id === 'number') ids.push(message.id);
  }
  return ids;
}

function protocolVersionOf(record: SessionRecord): string {
  const asked = (record.initialize.params as { protocolVersion?: unknown } | undefined)?.protocolVersion;
  return typeof asked === 'string' ? asked : '2025-03-26';
}

import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { isInitializeRequest, type JSONRPCMessage, type LoggingLevel } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/mcp-auth.service.js';
import { MCP_OPTIONS } from '../options/mcp-options.token.js';
import type { ResolvedMcpOptions } from '../options/mcp-options.schema.js';
import { McpMetrics } from '../observability/mcp-metrics.service.js';
import { McpServerFactory } from '../protocol/mcp-server.factory.js';
import { refusal } from '../errors/client-error.js';
import { sendClientError } from './json-rpc-response.js';
import { newSessionRecord } from './session-record.js';
import { sessionSettingsOf, type SessionSettings } from './session-settings.js';
import { relayable, SessionRelay } from '../stores/redis/session-relay.js';
import { LegacySession, SESSION_NOT_FOUND } from './legacy-session.js';
import { RecencyMap } from './recency-map.js';
import { MCP_EVENT_STORE, type McpEventStore } from '../stores/events/event.store.js';
import { SessionBounds } from './session-bounds.js';
import type { CallRecording } from './session-calls.js';
import { MCP_CALLS_IN_FLIGHT, type CallsInFlightStore } from '../stores/calls/calls-in-flight.store.js';
import { MCP_INSTANCE_LIVENESS, type InstanceLiveness } from '../stores/tasks/instance-liveness.js';
import { checkSubscriptionBudget } from './subscription-budget.js';
import {
  MCP_SESSION_STORE,
  tenantOf,
  type SessionRecord,
  type SessionStore,
} from '../stores/sessions/session.store.js';

const SESSION_HEADER = 'mcp-session-id';

const ownerOf = (req: Request): string | undefined => (req as AuthenticatedRequest).user?.subject;

/**
 * 2025-era sessions (`MCP_LEGACY_MODE=stateful`). Locally: one SDK transport
 * and server per live session; a session idle for the park delay (nothing in
 * flight, no GET stream) is parked: its SDK objects are dropped and only its
 * record kept, and its next request rebuilds it from the record (replaying
 * `initialize`, the log level, the subscriptions). Sessions expire after the
 * TTL and their number is capped per caller and in all: a caller past its own
 * bound loses its own least recently used session, and at the global bound the
 * caller holding the most does, so no caller can log the others out. The
 * session store (in memory, Redis, or the app's own) is the truth: every
 * request renews the record's TTL, and a request for a session this instance
 * does not hold live rebuilds it here from the record, so with a shared store
 * any instance serves any session and losing an instance loses no session. (Rebuilding was chosen over forwarding to an
 * owner: there is no owner to lose, and no extra hop on the hot path.)
 */
@Injectable()
export class LegacySessions implements OnModuleDestroy {
  private readonly logger = new Logger('McpSessions');
  /** Live sessions, least recently used first. */
  private readonly sessions = new RecencyMap<string, LegacySession>();
  /** Rebuilds under way, so that concurrent requests for one parked session share one rebuild. */
  private readonly waking = new Map<string, Promise<LegacySession | undefined>>();
  /** The live sessions held here, by the caller they count against (the store bounds the records). */
  private readonly bounds: SessionBounds;
  private readonly settings: SessionSettings;
  private readonly sweeper: NodeJS.Timeout;
  private readonly calls: CallRecording;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly metrics: McpMetrics,
    @Inject(MCP_EVENT_STORE) private readonly eventStore: McpEventStore,
    @Inject(MCP_SESSION_STORE) private readonly store: SessionStore,
    private readonly relay: SessionRelay,
    @Inject(MCP_OPTIONS) private readonly options: ResolvedMcpOptions,
    @Inject(MCP_CALLS_IN_FLIGHT) callStore: CallsInFlightStore,
    @Inject(MCP_INSTANCE_LIVENESS) liveness: InstanceLiveness,
  ) {
    this.settings = sessionSettingsOf(options);
    this.calls = { store: callStore, liveness };
    relay.deliverTo((id, messages) => void this.injectRelayed(id, messages));
    const { maxPerCaller, maxSessions, sweepEveryMs } = this.settings;
    this.bounds = new SessionBounds(maxPerCaller, maxSessions, (id) => void this.end(id));
    metrics.principalMaxima.set('sessions', () => this.bounds.most());
    this.sweeper = setInterval(() => this.sweep(), sweepEveryMs).unref();
  }

  /** How many sessions are live here (SDK objects held) and parked (record only; known of a store that counts them). */
  get counts(): { live: number; parked: number } {
    const live = this.sessions.size;
    return { live, parked: Math.max(0, (this.store.size ?? live) - live) };
  }

  /**
   * The live sessions, for notifications that fan out to all of them. A parked
   * session has no stream open to send on, so it gets none.
   */
  all(): Iterable<LegacySession> {
    return this.sessions.values();
  }

  async handle(req: Request, res: Response): Promise<void> {
    const sessionId = req.header(SESSION_HEADER);
    if (sessionId === undefined) {
      if (req.method === 'POST' && isInitializeRequest(req.body)) return this.open(req, res);
      return sendClientError(res, refusal('invalidRequest', 'Bad Request: Mcp-Session-Id header is required'));
    }
    const session = await this.find(sessionId);
    // Another principal's session is as unknown as a made-up id.
    if (!session || session.owner !== ownerOf(req)) return sendClientError(res, SESSION_NOT_FOUND);
    this.touch(sessionId, session);
    if (req.method === 'POST') {
      this.remember(session, req.body);
      this.relay.relay(sessionId, relayable(req.body));
    }
    if (req.method === 'DELETE') res.once('finish', () => void this.store.delete(sessionId).catch(() => undefined));
    await session.serve(req, res);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  /** The live session here (renewed in the store), or one rebuilt from its stored record, or undefined. */
  private async find(id: string): Promise<LegacySession | undefined> {
    const local = this.sessions.get(id);
    if (!(await this.store.touch(id, this.settings.ttlMs))) {
      if (local) void this.end(id, { forgetEvents: true });
      return undefined;
    }
    return local ?? this.wake(id, () => this.store.load(id));
  }

  /** Rebuilds a session from its record, once however many requests ask at the same time. */
  private wake(id: string, recordOf: () => Promise<SessionRecord | undefined>): Promise<LegacySession | undefined> {
    let waking = this.waking.get(id);
    if (!waking) {
      waking = recordOf()
        .then((record) => record && this.adopt(record))
        .finally(() => this.waking.delete(id));
      this.waking.set(id, waking);
    }
    return waking;
  }

  private async open(req: Request, res: Response): Promise<void> {
    const record = newSessionRecord(req, this.settings.record);
    if ('refusal' in record) return sendClientError(res, refusal('payloadTooLarge', record.refusal));
    // The session is opened with what it keeps, so a live session holds no more than a rebuilt one.
    req.body = record.initialize;
    // Stored before the handshake: a store that does not answer fails the request (503), not the SDK's handshake.
    const evicted = await this.store.create(record, this.settings.ttlMs, this.settings.maxPerCaller);
    // Sessions the store let go to keep its bounds (the caller's own least recently used first): gone here too.
    for (const id of evicted) void this.end(id, { forgetEvents: true });
    const session = this.build(record);
    await session.serve(req, res);
    // The SDK refused the handshake (headers): no client has the id, so no record is kept for it.
    if (session.transport.sessionId === undefined) void this.store.delete(record.id).catch(() => undefined);
  }

  private async adopt(record: SessionRecord): Promise<LegacySession> {
    const session = this.build(record);
    await session.prime(record);
    this.logger.debug(`session ${record.id} rebuilt from its record`);
    return session;
  }

  private build(record: SessionRecord): LegacySession {
    this.bounds.makeRoom(tenantOf(record), record.id, this.sessions.size);
    const subscribed = new Set(record.subscriptions);
    const server = this.factory.create('legacy', {
      add: (uri) => {
        if (!subscribed.has(uri)) checkSubscriptionBudget([...subscribed, uri], this.settings.maxSubscriptionBytes);
        return this.subscribe(session, subscribed.add(uri));
      },
      delete: (uri) => subscribed.delete(uri) && this.subscribe(session, subscribed),
    });
    const session: LegacySession = LegacySession.create({
      record,
      server,
      subscriptions: subscribed,
      eventStore: this.eventStore,
      calls: this.calls,
      maxRequestBodySize: this.options.maxRequestBodyBytes,
      limits: this.settings.session,
      onInitialized: (sessionId) => {
        this.sessions.set(sessionId, session);
        this.bounds.touch(tenantOf(record), sessionId);
        this.countSessions();
      },
      // The client ended it (DELETE).
      onClosed: (sessionId) => {
        this.sessions.delete(sessionId);
        this.forget(sessionId);
        this.countSessions();
      },
    });
    void server.connect(session.transport);
    return session;
  }

  /** Keeps the session's record (and the shared one) in step with its subscriptions. */
  private subscribe(session: LegacySession, subscriptions: Set<string>): true {
    session.record.subscriptions = [...subscriptions];
    const id = session.transport.sessionId;
    if (id) void this.store.update(id, { subscriptions: session.record.subscriptions }).catch(() => undefined);
    return true;
  }

  /** Messages relayed from another instance go to the session here, if this instance holds it. */
  private async injectRelayed(id: string, messages: JSONRPCMessage[]): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    await session.inject(id, session.protocolVersion, messages).catch((error: Error) => {
      this.logger.debug(`relayed messages not delivered: ${error.message}`);
    });
  }

  /** Remembers what the client changes that a rebuild must restore (its log level). */
  private remember(session: LegacySession, body: unknown): void {
    const message = body as { method?: unknown; params?: { level?: unknown } } | undefined;
    if (message?.method === 'logging/setLevel' && typeof message.params?.level === 'string') {
      session.record.logLevel = message.params.level as LoggingLevel;
      void this.store.update(session.record.id, { logLevel: session.record.logLevel }).catch(() => undefined);
    }
  }

  private touch(id: string, session: LegacySession): void {
    session.lastSeen = Date.now();
    this.sessions.touch(id, session);
    this.bounds.touch(tenantOf(session.record), id);
  }

  /** Expires sessions idle past the TTL and parks those idle past the park delay. */
  private sweep(): void {
    const now = Date.now();
    for (const [id, session] of this.sessions) {
      if (session.openExchanges > 0) continue;
      if (session.lastSeen < now - this.settings.ttlMs) void this.expire(id);
      else if (session.lastSeen < now - this.settings.parkAfterMs) void this.park(id);
    }
    this.countSessions();
  }

  private countSessions(): void {
    const { live, parked } = this.counts;
    this.metrics.activeSessions.set(live + parked);
    this.metrics.parkedSessions.set(parked);
  }

  /** Drops a session's SDK objects; its record stays in the store for its next request (here or elsewhere). */
  private async park(id: string): Promise<void> {
    // The record is the store's to keep and bound: the session no longer counts against this instance.
    this.bounds.release(id);
    await this.close(id);
  }

  /**
   * Ends a session idle here past the TTL. Its stored events go too when the
   * store no longer has it either (with a shared store, another instance may
   * have kept it alive; a store that does not answer keeps them).
   */
  private async expire(id: string): Promise<void> {
    await this.end(id);
    const record = await this.store.load(id).catch(() => null);
    if (record === undefined) this.forget(id);
  }

  /**
   * Ends a session here (expired, or evicted by a bound): SDK objects, its
   * place in its caller's count, and with `forgetEvents` (it is over
   * everywhere) its stored events.
   */
  private async end(id: string, { forgetEvents = false } = {}): Promise<void> {
    this.forget(id, forgetEvents);
    this.countSessions();
    await this.close(id);
  }

  /** Drops what is kept for a session that has ended: its place in its caller's count, its stored events and calls. */
  private forget(id: string, events = true): void {
    this.bounds.release(id);
    if (!events) return;
    void this.eventStore.forgetSession(id).catch(() => undefined);
    void this.calls.store.forgetSession(id).catch(() => undefined);
  }

  private async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    this.countSessions();
    try {
      await session.end();
    } catch (error) {
      this.logger.warn(`closing session failed: ${(error as Error).message}`);
    }
  }
}

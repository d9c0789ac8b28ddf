import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import {
  isInitializeRequest,
  type EventStore,
  type JSONRPCMessage,
  type JSONRPCRequest,
  type LoggingLevel,
} from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/mcp-auth.service.js';
import { MCP_MODULE_OPTIONS } from '../mcp.module-definition.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import { McpMetrics } from '../observability/mcp-metrics.service.js';
import { McpServerFactory } from '../protocol/mcp-server.factory.js';
import { MCP_EVENT_STORE, MCP_SESSION_STORE } from '../redis/redis.tokens.js';
import { sendJsonRpcError } from './json-rpc-response.js';
import { relayable, SessionRelay } from '../redis/session-relay.js';
import { LegacySession } from './legacy-session.js';
import type { SessionRecord, SessionStore } from './session-store.js';

const SESSION_HEADER = 'mcp-session-id';

const ownerOf = (req: Request): string | undefined => (req as AuthenticatedRequest).user?.subject;

/**
 * 2025-era sessions (`MCP_LEGACY_MODE=stateful`). Locally: one SDK transport
 * and server per session, idle ones closed after the TTL, their number capped
 * (least recently used first). With a shared store (Redis), the store is the
 * truth: every request renews the record's TTL, and a request for a session
 * this instance does not hold rebuilds it here from the record, so any
 * instance serves any session and losing an instance loses no session.
 * (Rebuilding was chosen over forwarding to an owner: there is no owner to
 * lose, and no extra hop on the hot path.)
 */
@Injectable()
export class LegacySessions implements OnModuleDestroy {
  private readonly logger = new Logger('McpSessions');
  /** Insertion order is recency order: a touched session moves to the end. */
  private readonly sessions = new Map<string, LegacySession>();
  private readonly ttlMs: number;
  private readonly maxSessions: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly metrics: McpMetrics,
    @Inject(MCP_EVENT_STORE) private readonly eventStore: EventStore,
    @Inject(MCP_SESSION_STORE) private readonly store: SessionStore | null,
    private readonly relay: SessionRelay,
    @Inject(MCP_MODULE_OPTIONS) private readonly options: McpModuleOptions,
  ) {
    this.ttlMs = options.sessionTtlMs ?? 30 * 60_000;
    relay.deliverTo((id, messages) => void this.injectRelayed(id, messages));
    this.maxSessions = options.maxSessions ?? 10_000;
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(this.ttlMs, 60_000)).unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Every session held here, for notifications that fan out to all of them. */
  all(): Iterable<LegacySession> {
    return this.sessions.values();
  }

  async handle(req: Request, res: Response): Promise<void> {
    const sessionId = req.header(SESSION_HEADER);
    if (sessionId === undefined) {
      if (req.method === 'POST' && isInitializeRequest(req.body)) return this.open(req, res);
      return sendJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    }
    const session = await this.find(sessionId);
    // Another principal's session is as unknown as a made-up id.
    if (!session || session.owner !== ownerOf(req)) return sendJsonRpcError(res, 404, -32001, 'Session not found');
    this.touch(sessionId, session);
    if (this.store && req.method === 'POST') {
      this.remember(sessionId, req.body);
      this.relay.relay(sessionId, relayable(req.body));
    }
    if (req.method === 'DELETE') res.once('finish', () => void this.store?.delete(sessionId).catch(() => undefined));
    await session.serve(req, res);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  /** The session held here, renewed in the store; or rebuilt from the store; or undefined. */
  private async find(id: string): Promise<LegacySession | undefined> {
    const local = this.sessions.get(id);
    if (!this.store) return local;
    if (!(await this.store.touch(id, this.ttlMs))) {
      if (local) await this.close(id);
      return undefined;
    }
    if (local) return local;
    const record = await this.store.load(id);
    return record && this.adopt(record);
  }

  private async open(req: Request, res: Response): Promise<void> {
    const record: SessionRecord = {
      id: randomUUID(),
      owner: ownerOf(req),
      initialize: req.body as JSONRPCRequest,
      subscriptions: [],
    };
    const session = this.build(record, () => this.store?.create(record, this.ttlMs));
    await session.serve(req, res);
  }

  private async adopt(record: SessionRecord): Promise<LegacySession> {
    const session = this.build(record);
    await session.prime(record);
    this.logger.debug(`session ${record.id} rebuilt from the shared store`);
    return session;
  }

  private build(record: SessionRecord, persist?: () => Promise<void> | undefined): LegacySession {
    if (this.sessions.size >= this.maxSessions) void this.close(this.sessions.keys().next().value!);
    const subscribed = new Set(record.subscriptions);
    const server = this.factory.create('legacy', {
      add: (uri) => this.subscribe(session, subscribed.add(uri)),
      delete: (uri) => subscribed.delete(uri) && this.subscribe(session, subscribed),
    });
    const session: LegacySession = LegacySession.create({
      record,
      server,
      subscriptions: subscribed,
      eventStore: this.eventStore,
      maxRequestBodySize: this.options.maxRequestBodyBytes,
      onInitialized: async (sessionId) => {
        this.sessions.set(sessionId, session);
        this.metrics.activeSessions.set(this.sessions.size);
        await persist?.();
      },
      onClosed: (sessionId) => {
        this.sessions.delete(sessionId);
        this.metrics.activeSessions.set(this.sessions.size);
      },
    });
    void server.connect(session.transport);
    return session;
  }

  /** Keeps the shared record's subscriptions in step with the session's. */
  private subscribe(session: LegacySession, subscriptions: Set<string>): true {
    const id = session.transport.sessionId;
    if (this.store && id) void this.store.update(id, { subscriptions: [...subscriptions] }).catch(() => undefined);
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
  private remember(id: string, body: unknown): void {
    const message = body as { method?: unknown; params?: { level?: unknown } } | undefined;
    if (message?.method === 'logging/setLevel' && typeof message.params?.level === 'string') {
      void this.store?.update(id, { logLevel: message.params.level as LoggingLevel }).catch(() => undefined);
    }
  }

  private touch(id: string, session: LegacySession): void {
    session.lastSeen = Date.now();
    this.sessions.delete(id);
    this.sessions.set(id, session);
  }

  private closeIdle(): void {
    const cutoff = Date.now() - this.ttlMs;
    for (const [id, session] of this.sessions) {
      if (session.lastSeen < cutoff && session.openExchanges === 0) void this.close(id);
    }
  }

  private async close(id: string): Promise<void> {
    const session = this.sessions.get(id);
    if (!session) return;
    this.sessions.delete(id);
    this.metrics.activeSessions.set(this.sessions.size);
    try {
      await session.server.close();
    } catch (error) {
      this.logger.warn(`closing session failed: ${(error as Error).message}`);
    }
  }
}

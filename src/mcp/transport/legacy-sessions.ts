import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type OnModuleDestroy } from '@nestjs/common';
import { NodeStreamableHTTPServerTransport } from '@modelcontextprotocol/node';
import { isInitializeRequest, type EventStore, type Server } from '@modelcontextprotocol/server';
import type { Request, Response } from 'express';
import type { AuthenticatedRequest } from '../auth/mcp-auth.service.js';
import { MCP_MODULE_OPTIONS } from '../mcp.module-definition.js';
import type { McpModuleOptions } from '../mcp-options.interface.js';
import { McpServerFactory } from '../protocol/mcp-server.factory.js';
import { McpMetrics } from '../observability/mcp-metrics.service.js';
import { InMemoryEventStore } from './in-memory-event-store.js';
import { sendJsonRpcError } from './json-rpc-response.js';

interface LegacySession {
  /** The principal that opened it; another one gets 404, as for an unknown session. */
  readonly owner?: string;
  readonly transport: NodeStreamableHTTPServerTransport;
  readonly server: Server;
  readonly subscriptions: Set<string>;
  lastSeen: number;
  /** Open HTTP exchanges (GET streams, in-flight POSTs): a session with one is not idle. */
  openExchanges: number;
}

const SESSION_HEADER = 'mcp-session-id';

const ownerOf = (req: Request): string | undefined => (req as AuthenticatedRequest).user?.subject;

/**
 * 2025-era sessions (`MCP_LEGACY_MODE=stateful`): one SDK transport and server
 * per session, idle ones closed after the TTL, their number capped (the least
 * recently used goes first).
 */
@Injectable()
export class LegacySessions implements OnModuleDestroy {
  private readonly logger = new Logger('McpSessions');
  /** Insertion order is recency order: a touched session moves to the end. */
  private readonly sessions = new Map<string, LegacySession>();
  private readonly eventStore: EventStore;
  private readonly ttlMs: number;
  private readonly maxSessions: number;
  private readonly sweeper: NodeJS.Timeout;

  constructor(
    private readonly factory: McpServerFactory,
    private readonly metrics: McpMetrics,
    @Inject(MCP_MODULE_OPTIONS) private readonly options: McpModuleOptions,
  ) {
    this.eventStore = options.eventStore ?? new InMemoryEventStore();
    this.ttlMs = options.sessionTtlMs ?? 30 * 60_000;
    this.maxSessions = options.maxSessions ?? 10_000;
    this.sweeper = setInterval(() => this.closeIdle(), Math.min(this.ttlMs, 60_000)).unref();
  }

  get size(): number {
    return this.sessions.size;
  }

  /** Every live session, for notifications that fan out to all of them. */
  *all(): Iterable<{ server: Server; subscriptions: Set<string> }> {
    yield* this.sessions.values();
  }

  async handle(req: Request, res: Response): Promise<void> {
    const sessionId = req.header(SESSION_HEADER);
    if (sessionId === undefined) {
      if (req.method === 'POST' && isInitializeRequest(req.body)) return this.open(req, res);
      return sendJsonRpcError(res, 400, -32000, 'Bad Request: Mcp-Session-Id header is required');
    }
    const session = this.sessions.get(sessionId);
    // Another principal's session is as unknown as a made-up id.
    if (!session || session.owner !== ownerOf(req)) return sendJsonRpcError(res, 404, -32001, 'Session not found');
    this.touch(sessionId, session);
    await this.serve(session, req, res);
  }

  async onModuleDestroy(): Promise<void> {
    clearInterval(this.sweeper);
    await Promise.all([...this.sessions.keys()].map((id) => this.close(id)));
  }

  private async open(req: Request, res: Response): Promise<void> {
    if (this.sessions.size >= this.maxSessions) await this.close(this.sessions.keys().next().value!);
    const subscriptions = new Set<string>();
    const server = this.factory.create('legacy', subscriptions);
    const transport = new NodeStreamableHTTPServerTransport({
      sessionIdGenerator: randomUUID,
      eventStore: this.eventStore,
      maxRequestBodySize: this.options.maxRequestBodyBytes,
      onsessioninitialized: (id) => {
        this.sessions.set(id, session);
        this.metrics.activeSessions.set(this.sessions.size);
      },
      onsessionclosed: (id) => {
        this.sessions.delete(id);
        this.metrics.activeSessions.set(this.sessions.size);
      },
    });
    const session: LegacySession = {
      owner: ownerOf(req),
      transport,
      server,
      subscriptions,
      lastSeen: Date.now(),
      openExchanges: 0,
    };
    await server.connect(transport);
    await this.serve(session, req, res);
  }

  private async serve(session: LegacySession, req: Request, res: Response): Promise<void> {
    session.openExchanges++;
    res.once('close', () => {
      session.openExchanges--;
      session.lastSeen = Date.now();
    });
    await session.transport.handleRequest(req, res, req.body);
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

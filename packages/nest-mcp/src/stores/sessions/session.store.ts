import type { JSONRPCRequest, LoggingLevel } from '@modelcontextprotocol/server';

/**
 * What any instance needs to serve a 2025-era session it did not open: the
 * `initialize` it was opened with (replayed to rebuild the SDK's state), who
 * owns it, and what the client changed since.
 */
export interface SessionRecord {
  id: string;
  owner?: string;
  /** The caller the session counts against (see `callerKey`): its owner, or with auth off the client IP that opened it. */
  tenant?: string;
  initialize: JSONRPCRequest;
  logLevel?: LoggingLevel;
  subscriptions: string[];
}

/** Shared session records; absent in single-process mode, where the local map is the truth. */
export interface SessionStore {
  /**
   * Stores a new record. Its caller (`record.tenant`) keeps at most
   * `maxPerTenant` sessions: past it, its least recently used records go,
   * and their ids are returned.
   */
  create(record: SessionRecord, ttlMs: number, maxPerTenant: number): Promise<string[]>;
  load(id: string): Promise<SessionRecord | undefined>;
  /** Extends the session's life; false when it no longer exists (expired or deleted elsewhere). */
  touch(id: string, ttlMs: number): Promise<boolean>;
  update(id: string, patch: Partial<Pick<SessionRecord, 'logLevel' | 'subscriptions'>>): Promise<void>;
  delete(id: string): Promise<void>;
}

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

/**
 * Whom a session (its record) counts against: the caller that opened it, kept in its
 * record. Never the caller presenting its id (that may be another, refused
 * with 404 only after the lookup).
 */
export const tenantOf = (record: SessionRecord): string =>
  record.tenant ?? (record.owner ? `sub:${record.owner}` : 'unknown');

/**
 * The records of 2025-era sessions: the truth about which sessions exist.
 * Every request on a session goes through `touch`; a session idle here is
 * rebuilt from `load` (on any instance sharing the store). Defaults: in
 * memory (one process), or Redis when `redis` is set; plug your own with
 * `McpModule.forRoot({ stores: { sessions: ... } })`.
 *
 * A store that cannot answer throws (best: `StoreUnavailableError`, which
 * the request gets as a 503); it must answer or fail within a deadline.
 */
export interface SessionStore {
  /**
   * Stores a new record, which expires `ttlMs` after its last `touch`. Its
   * caller (`record.tenant`) keeps at most `maxPerTenant` records: past it,
   * that caller's least recently touched ones are deleted. Returns the ids
   * of the records this call deleted (they end wherever they are held). The
   * store may also delete for a bound of its own (in all), returned alike.
   * Atomic: a concurrent create of the same caller never leaves it over its bound.
   */
  create(record: SessionRecord, ttlMs: number, maxPerTenant: number): Promise<string[]>;
  /** The record, or undefined when it does not exist (never created, deleted, expired). */
  load(id: string): Promise<SessionRecord | undefined>;
  /**
   * Renews the record's expiry (`ttlMs` from now) and makes it its caller's
   * most recently used. False when it no longer exists; then it must not be
   * brought back.
   */
  touch(id: string, ttlMs: number): Promise<boolean>;
  /** Changes an existing record's fields; a record that no longer exists stays gone (atomic: no resurrection, no TTL lost). */
  update(id: string, patch: Partial<Pick<SessionRecord, 'logLevel' | 'subscriptions'>>): Promise<void>;
  /** Deletes the record (and its place in its caller's bound); deleting a missing one is not an error. */
  delete(id: string): Promise<void>;
  /** Records held, when the store knows it without asking anyone (in memory): the parked-sessions metric. */
  readonly size?: number;
}

/** Injection token of the `SessionStore`. */
export const MCP_SESSION_STORE = Symbol('MCP_SESSION_STORE');

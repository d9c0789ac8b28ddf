import {
  AlreadyConsumedError,
  GRANTABLE_MODELS,
  type OidcAdapter,
  type OidcAdapterClass,
  type OidcPayload,
} from './oidc-adapter.js';
import type { OAuthStateLimits } from './oauth-state.limits.js';
import type { RegisteredClients } from './registered-clients.js';

interface Entry {
  /** The payload as JSON: what is read back is a copy, as from Redis. */
  json: string;
  expiresAt: number;
  /** Stored without an expiry of its own: each read renews it. */
  sliding: boolean;
  consumed?: number;
  grantId?: string;
  uid?: string;
  userCode?: string;
}

const SWEEP_EVERY_MS = 60_000;

/** One process's entries, shared by the adapters of every model (a grant's tokens span models). */
class InMemoryOidcEntries {
  readonly entries = new Map<string, Entry>();
  readonly grants = new Map<string, Set<string>>();
  readonly sessionUids = new Map<string, string>();
  readonly userCodes = new Map<string, string>();
  private sweptAt = Date.now();

  constructor(
    private readonly maxEntries: number,
    /** Told of an entry deleted to keep the bound (a client, then, no longer counts). */
    private readonly evicted: (key: string) => void,
  ) {}

  get(key: string, now = Date.now()): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry && entry.expiresAt <= now) {
      this.delete(key);
      return undefined;
    }
    return entry;
  }

  set(key: string, entry: Entry): void {
    this.delete(key);
    const now = Date.now();
    if (now - this.sweptAt > SWEEP_EVERY_MS) this.sweep(now);
    // Past the bound, the oldest stored go first (a Map iterates in insertion order).
    for (const oldest of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.delete(oldest);
      this.evicted(oldest);
    }
    this.entries.set(key, entry);
    if (entry.grantId) this.grants.set(entry.grantId, (this.grants.get(entry.grantId) ?? new Set()).add(key));
  }

  delete(key: string): void {
    const entry = this.entries.get(key);
    if (!entry) return;
    this.entries.delete(key);
    const id = key.slice(key.indexOf(':') + 1);
    if (entry.grantId) {
      const members = this.grants.get(entry.grantId);
      members?.delete(key);
      if (members?.size === 0) this.grants.delete(entry.grantId);
    }
    if (entry.uid && this.sessionUids.get(entry.uid) === id) this.sessionUids.delete(entry.uid);
    if (entry.userCode && this.userCodes.get(entry.userCode) === id) this.userCodes.delete(entry.userCode);
  }

  private sweep(now: number): void {
    this.sweptAt = now;
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.delete(key);
  }
}

/**
 * oidc-provider's storage in this process: the same contract as the Redis
 * adapter (every entry expires, a grant's tokens are revoked together,
 * consume is exclusive), bounded in number (`maxEntriesInMemory`). The
 * clients it stores count in the in-memory registration budget.
 */
export function createInMemoryOidcAdapter(limits: OAuthStateLimits, clients: RegisteredClients): OidcAdapterClass {
  const store = new InMemoryOidcEntries(limits.maxEntriesInMemory, (key) => {
    if (key.startsWith('Client:')) clients.deleted(key.slice('Client:'.length));
  });

  return class InMemoryOidcAdapter implements OidcAdapter {
    constructor(private readonly model: string) {}

    async upsert(id: string, payload: OidcPayload, expiresIn?: number): Promise<void> {
      const sliding = typeof expiresIn !== 'number';
      const expiresAt = Date.now() + (sliding ? limits.unusedEntryTtlMs : Math.max(1, expiresIn * 1000));
      const isNew = !store.get(this.key(id));
      store.set(this.key(id), {
        json: JSON.stringify(payload),
        expiresAt,
        sliding,
        grantId: GRANTABLE_MODELS.has(this.model) ? (payload.grantId as string | undefined) : undefined,
        uid: this.model === 'Session' ? (payload.uid as string | undefined) : undefined,
        userCode: payload.userCode as string | undefined,
      });
      if (this.model === 'Session' && payload.uid) store.sessionUids.set(payload.uid as string, id);
      if (payload.userCode) store.userCodes.set(payload.userCode as string, id);
      if (this.model === 'Client') clients.stored(id, expiresAt, isNew);
    }

    async find(id: string): Promise<OidcPayload | undefined> {
      const entry = store.get(this.key(id));
      if (!entry) return undefined;
      if (entry.sliding) {
        entry.expiresAt = Date.now() + limits.unusedEntryTtlMs;
        if (this.model === 'Client') clients.renewed(id, entry.expiresAt);
      }
      const payload = JSON.parse(entry.json) as OidcPayload;
      return entry.consumed === undefined ? payload : { ...payload, consumed: entry.consumed };
    }

    async findByUid(uid: string): Promise<OidcPayload | undefined> {
      const id = store.sessionUids.get(uid);
      return id === undefined ? undefined : this.find(id);
    }

    async findByUserCode(userCode: string): Promise<OidcPayload | undefined> {
      const id = store.userCodes.get(userCode);
      return id === undefined ? undefined : this.find(id);
    }

    async consume(id: string): Promise<void> {
      const entry = store.get(this.key(id));
      if (!entry || entry.consumed !== undefined) throw new AlreadyConsumedError(this.model);
      entry.consumed = Math.floor(Date.now() / 1000);
    }

    async destroy(id: string): Promise<void> {
      store.delete(this.key(id));
      if (this.model === 'Client') clients.deleted(id);
    }

    async revokeByGrantId(grantId: string): Promise<void> {
      // Deleting from the Set while iterating it is safe: each member is visited once.
      for (const key of store.grants.get(grantId) ?? []) store.delete(key);
    }

    private key(id: string): string {
      return `${this.model}:${id}`;
    }
  };
}

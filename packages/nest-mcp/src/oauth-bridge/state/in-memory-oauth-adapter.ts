import type { OnApplicationShutdown } from '@nestjs/common';
import type { OAuthAdapter, OAuthAdapterFactory, OAuthPayload } from './oauth-adapter.js';

interface Entry {
  payload: OAuthPayload;
  expiresAt: number;
}

/** How often expired entries are dropped (they are also ignored when found). */
const SWEEP_EVERY_MS = 60_000;

/**
 * The bridge's state in this process: one map for all models, keyed by
 * `model:id`, every entry with its expiry. One instance only (use Redis for more).
 */
export class InMemoryOAuthAdapters implements OnApplicationShutdown {
  private readonly entries = new Map<string, Entry>();
  private readonly sweeper = setInterval(() => this.sweep(), SWEEP_EVERY_MS).unref();

  /** The factory oidc-provider takes. */
  readonly factory: OAuthAdapterFactory = (model) => new InMemoryOAuthAdapter(model, this);

  get size(): number {
    return this.entries.size;
  }

  get(key: string): OAuthPayload | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= Date.now()) {
      this.entries.delete(key);
      return undefined;
    }
    return entry.payload;
  }

  set(key: string, payload: OAuthPayload, expiresInSec: number): void {
    this.entries.set(key, { payload, expiresAt: Date.now() + expiresInSec * 1000 });
  }

  delete(key: string): void {
    this.entries.delete(key);
  }

  onApplicationShutdown(): void {
    clearInterval(this.sweeper);
  }

  private sweep(): void {
    const now = Date.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }
}

class InMemoryOAuthAdapter implements OAuthAdapter {
  constructor(
    private readonly model: string,
    private readonly store: InMemoryOAuthAdapters,
  ) {}

  private key(id: string): string {
    return `${this.model}:${id}`;
  }

  async upsert(id: string, payload: OAuthPayload, expiresIn: number): Promise<void> {
    this.store.set(this.key(id), payload, expiresIn);
    // Secondary keys expire with the entry they point at.
    if (payload.grantId) this.addToGrant(payload.grantId, this.key(id), expiresIn);
    if (payload.uid) this.store.set(`uid:${this.model}:${payload.uid}`, { id }, expiresIn);
    if (payload.userCode) this.store.set(`userCode:${this.model}:${payload.userCode}`, { id }, expiresIn);
  }

  async find(id: string): Promise<OAuthPayload | undefined> {
    return this.store.get(this.key(id));
  }

  async findByUid(uid: string): Promise<OAuthPayload | undefined> {
    const pointer = this.store.get(`uid:${this.model}:${uid}`);
    return pointer ? this.find(pointer.id as string) : undefined;
  }

  async findByUserCode(userCode: string): Promise<OAuthPayload | undefined> {
    const pointer = this.store.get(`userCode:${this.model}:${userCode}`);
    return pointer ? this.find(pointer.id as string) : undefined;
  }

  async consume(id: string): Promise<void> {
    const payload = this.store.get(this.key(id));
    if (payload) payload.consumed = Math.floor(Date.now() / 1000);
  }

  async destroy(id: string): Promise<void> {
    this.store.delete(this.key(id));
  }

  async revokeByGrantId(grantId: string): Promise<void> {
    const members = this.store.get(`grant:${grantId}`);
    for (const key of (members?.keys as string[] | undefined) ?? []) this.store.delete(key);
    this.store.delete(`grant:${grantId}`);
  }

  /** The grant's list of entries lives as long as its longest-lived member. */
  private addToGrant(grantId: string, key: string, expiresIn: number): void {
    const members = this.store.get(`grant:${grantId}`) as { keys: string[]; until: number } | undefined;
    const until = Math.max(members?.until ?? 0, Date.now() + expiresIn * 1000);
    const keys = [...new Set([...(members?.keys ?? []), key])];
    this.store.set(`grant:${grantId}`, { keys, until }, (until - Date.now()) / 1000);
  }
}

import { TenantLedger } from './tenant-ledger.js';

/**
 * The bounds on the sessions an instance holds (live and parked), per caller
 * and in all: a caller past its own bound loses its own least recently used
 * session, and at the global bound the caller holding the most does, so no
 * caller can log the others out. `end` closes a session chosen to go.
 */
export class SessionBounds {
  private readonly held = new TenantLedger<string>();

  constructor(
    private readonly maxPerCaller: number,
    private readonly maxSessions: number,
    private readonly end: (id: string) => void,
  ) {}

  /** Before session `id` of `caller` is held: makes room for it (`held`: the sessions held now). A session already counted needs none. */
  makeRoom(caller: string, id: string, held: number): void {
    if (this.held.has(id)) return;
    if (this.held.countOf(caller) >= this.maxPerCaller) this.endOldest(this.held.oldestOf(caller)?.[0]);
    if (held >= this.maxSessions) this.endOldest(this.held.oldestOfLargest());
  }

  /** The most sessions any one caller holds here. */
  most(): number {
    return this.held.most();
  }

  /** Counts (or renews, as the most recently used) session `id` of `caller`. */
  touch(caller: string, id: string): void {
    this.held.touch(caller, id, true);
  }

  /** The session is no longer held here. */
  release(id: string): void {
    this.held.delete(id);
  }

  private endOldest(id: string | undefined): void {
    if (id !== undefined) this.end(id);
  }
}

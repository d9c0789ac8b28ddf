/**
 * In memory, the registered clients alive and the places reserved for
 * registrations under way: shared by the in-memory adapter (which stores
 * the clients) and the in-memory registration budget (which counts them).
 * Each is kept with its expiry, so an expired client needs no one to tell.
 */
export class RegisteredClients {
  private readonly live = new Map<string, number>();
  /** Expiries of reserved places, oldest first. */
  private pending: number[] = [];

  /** A client stored or used: alive until `expiresAt`; a new one takes a reserved place. */
  stored(clientId: string, expiresAt: number, isNew: boolean): void {
    if (isNew) this.pending.shift();
    this.live.set(clientId, expiresAt);
  }

  /** A client used again: alive until `expiresAt`, if it still is. */
  renewed(clientId: string, expiresAt: number): void {
    if (this.live.has(clientId)) this.live.set(clientId, expiresAt);
  }

  deleted(clientId: string): void {
    this.live.delete(clientId);
  }

  /** Reserves a place unless `max` clients and reservations are alive. */
  reserve(max: number, reservationMs: number, now = Date.now()): boolean {
    this.prune(now);
    if (this.live.size + this.pending.length >= max) return false;
    this.pending.push(now + reservationMs);
    return true;
  }

  /** Gives back the oldest reserved place. */
  unreserve(): void {
    this.pending.shift();
  }

  private prune(now: number): void {
    for (const [clientId, expiresAt] of this.live) if (expiresAt <= now) this.live.delete(clientId);
    this.pending = this.pending.filter((expiresAt) => expiresAt > now);
  }
}

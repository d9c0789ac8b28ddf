import type { OAuthStateLimits } from './oauth-state.limits.js';
import type { RegisteredClients } from './registered-clients.js';
import type { RegistrationBudget } from './registration-budget.js';

interface SourceWindow {
  count: number;
  endsAt: number;
}

/** The registration budget of one process: counts per source address, and the clients of the in-memory adapter. */
export class InMemoryRegistrationBudget implements RegistrationBudget {
  private readonly sources = new Map<string, SourceWindow>();

  constructor(
    private readonly clients: RegisteredClients,
    private readonly limits: OAuthStateLimits,
  ) {}

  async tryRegister(sourceAddress: string): Promise<boolean> {
    const now = Date.now();
    this.forgetEndedWindows(now);
    const window = this.sources.get(sourceAddress) ?? { count: 0, endsAt: now + this.limits.registrationWindowMs };
    if (window.count >= this.limits.registrationsPerSource) return false;
    if (!this.clients.reserve(this.limits.maxRegisteredClients, this.limits.registrationReservationMs, now))
      return false;
    window.count++;
    this.sources.set(sourceAddress, window);
    return true;
  }

  async released(sourceAddress: string): Promise<void> {
    this.clients.unreserve();
    const window = this.sources.get(sourceAddress);
    if (window && window.count > 0) window.count--;
  }

  /** Bounded by the addresses seen within one window. */
  private forgetEndedWindows(now: number): void {
    for (const [source, window] of this.sources) if (window.endsAt <= now) this.sources.delete(source);
  }
}

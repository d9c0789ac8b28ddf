import {
  ADDRESS_REGISTRATIONS_EXHAUSTED,
  REGISTRATIONS_EXHAUSTED,
  type OAuthRegistrationBudget,
  type RegistrationBounds,
} from './registration-budget.js';

/** Registration counts of this process: the expiry times of what was counted. */
export class InMemoryRegistrationBudget implements OAuthRegistrationBudget {
  /** When each live registration expires (oldest first). */
  private alive: number[] = [];
  /** Per address: when each of its registrations leaves the window. */
  private readonly recent = new Map<string, number[]>();

  constructor(private readonly bounds: RegistrationBounds) {}

  async take(address: string): Promise<{ refused?: string }> {
    const now = Date.now();
    this.alive = this.alive.filter((until) => until > now);
    const mine = (this.recent.get(address) ?? []).filter((until) => until > now);
    if (this.alive.length >= this.bounds.maxRegistrations) return { refused: REGISTRATIONS_EXHAUSTED };
    if (mine.length >= this.bounds.maxRegistrationsPerAddress) return { refused: ADDRESS_REGISTRATIONS_EXHAUSTED };
    this.alive.push(now + this.bounds.registrationTtlMs);
    mine.push(now + this.bounds.registrationWindowMs);
    this.recent.set(address, mine);
    this.forgetIdleAddresses(now);
    return {};
  }

  /** Addresses with nothing left in the window are dropped, so the map stays as small as the traffic. */
  private forgetIdleAddresses(now: number): void {
    if (this.recent.size < 1_000) return;
    for (const [address, times] of this.recent) if (times.every((until) => until <= now)) this.recent.delete(address);
  }
}

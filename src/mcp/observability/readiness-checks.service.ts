import { Injectable } from '@nestjs/common';

export type ReadinessCheck = () => boolean | Promise<boolean>;

/** Named checks readiness depends on (a shared store being reachable, say); register more at boot. */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, ReadinessCheck>();

  add(name: string, check: ReadinessCheck): void {
    this.checks.set(name, check);
  }

  /** The names of the checks that fail now (a throwing check fails). */
  async failing(): Promise<string[]> {
    const results = await Promise.all(
      [...this.checks].map(async ([name, check]) =>
        (await Promise.resolve(check()).catch(() => false)) ? null : name,
      ),
    );
    return results.filter((name): name is string => name !== null);
  }
}

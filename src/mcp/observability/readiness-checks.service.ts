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
      // `then(check)`: a check that throws at once fails like one whose promise rejects.
      [...this.checks].map(async ([name, check]) =>
        (await Promise.resolve()
          .then(check)
          .catch(() => false))
          ? null
          : name,
      ),
    );
    return results.filter((name): name is string => name !== null);
  }
}

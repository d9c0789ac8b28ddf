import { Injectable } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';

export type ReadinessCheck = () => boolean | Promise<boolean>;

/** How long a readiness check may take before it counts as failed. */
export const DEFAULT_READINESS_TIMEOUT_MS = 1_000;

/**
 * Named checks readiness depends on (a shared store being reachable, say);
 * register more at boot. Each has a deadline: a dependency that hangs makes
 * readiness answer "not ready" in time, not hang with it.
 */
@Injectable()
export class ReadinessChecks {
  private readonly checks = new Map<string, { check: ReadinessCheck; timeoutMs: number }>();

  add(name: string, check: ReadinessCheck, timeoutMs = DEFAULT_READINESS_TIMEOUT_MS): void {
    this.checks.set(name, { check, timeoutMs });
  }

  /** The names of the checks that fail now (a throwing check fails, and one past its deadline). */
  async failing(): Promise<string[]> {
    const results = await Promise.all(
      [...this.checks].map(async ([name, { check, timeoutMs }]) => {
        const deadline = new AbortController();
        // `then(check)`: a check that throws at once fails like one whose promise rejects.
        const passed = await Promise.race([
          Promise.resolve()
            .then(check)
            .catch(() => false),
          sleep(timeoutMs, false, { signal: deadline.signal }).catch(() => false),
        ]);
        deadline.abort();
        return passed ? null : name;
      }),
    );
    return results.filter((name): name is string => name !== null);
  }
}

/**
 * The shared store (Redis, or a store of your own) cannot be reached: the
 * request fails fast instead of hanging, and its client sees HTTP 503 /
 * `JsonRpcCode.ServiceUnavailable` wherever it surfaces (a guard, a handler).
 */
export class StoreUnavailableError extends Error {
  override name = 'StoreUnavailableError';
  constructor(operation: string) {
    super(`the shared store is unavailable (${operation})`);
  }
}

/** Runs a store operation, turning any connection failure into `StoreUnavailableError`. */
export async function orUnavailable<T>(operation: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch {
    throw new StoreUnavailableError(operation);
  }
}

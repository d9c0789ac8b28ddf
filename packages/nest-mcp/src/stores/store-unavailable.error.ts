/** The shared store (Redis) cannot be reached: the request fails fast with 503 instead of hanging. */
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

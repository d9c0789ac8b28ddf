import type { Request } from 'express';
import { exchangeOf } from './exchange.js';

/** Records on the exchange how a handler answered: `ok`, `is_error`, `input_required` or `error:<code>`. */
export function recordOutcome(req: Request | undefined, outcome: string): void {
  const exchange = req && exchangeOf(req);
  if (exchange) exchange.outcome = outcome;
}

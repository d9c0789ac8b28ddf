import { exchangeOf, type McpExchange } from './exchange.js';
import { currentRequest } from '../protocol/request-scope.js';

/** The exchange being served, as seen from inside the SDK (a handler, a dispatcher). */
export function currentExchange(): McpExchange | undefined {
  const req = currentRequest();
  return req && exchangeOf(req);
}

/** Records how a handler answered: `ok`, `is_error`, `input_required` or `error:<code>`. */
export function recordOutcome(outcome: string): void {
  const exchange = currentExchange();
  if (exchange) exchange.outcome = outcome;
}

import type { InputRequest } from '@modelcontextprotocol/server';

/**
 * Thrown by `McpContext.ask` (and `elicit`, `sample`, `listRoots`) on a
 * 2026-07-28 request whose answers have not arrived yet. The dispatchers turn
 * it into an `input_required` result; the client answers and retries, and the
 * handler runs again with the answers in hand. Exception filters that catch
 * everything must let it pass.
 */
export class InputRequiredSignal {
  constructor(
    readonly requests: Record<string, InputRequest>,
    /** Answers collected in earlier rounds, carried forward in `requestState`. */
    readonly answers: Record<string, unknown>,
  ) {}
}

import type { InputRequest } from '@modelcontextprotocol/server';

/**
 * Thrown by `McpContext.elicit`/`sample` on a 2026-07-28 request whose answer
 * has not arrived yet. The tool invoker turns it into an `input_required`
 * result; the client answers and retries, and the handler runs again with the
 * answer in hand. Exception filters that catch everything must let it pass.
 */
export class InputRequiredSignal {
  constructor(
    readonly key: string,
    readonly request: InputRequest,
    /** Answers collected in earlier rounds, carried forward in `requestState`. */
    readonly answers: Record<string, unknown>,
  ) {}
}

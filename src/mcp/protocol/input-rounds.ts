import {
  inputRequired,
  type InputRequiredResult,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { InputRequiredSignal } from './input-required.signal.js';
import type { McpEra } from './mcp-context.js';
import type { CarriedState } from './request-state.js';

/**
 * Multi-round-trip bookkeeping shared by tools, prompts and resources: the
 * answers a retried 2026-07-28 request brings (this round's responses plus
 * earlier rounds' answers from the signed `requestState`), and the
 * `input_required` result that asks for what is still missing.
 */
export class InputRounds {
  constructor(private readonly codec: RequestStateCodec<CarriedState>) {}

  answersOf(sdkContext: ServerContext, era: McpEra): Record<string, unknown> {
    if (era === 'legacy') return {};
    const carried = sdkContext.mcpReq.requestState<CarriedState>();
    return { ...carried?.answers, ...sdkContext.mcpReq.inputResponses };
  }

  async ask(signal: InputRequiredSignal): Promise<InputRequiredResult> {
    const requestState = await this.codec.mint({ answers: signal.answers });
    return inputRequired({ inputRequests: signal.requests, requestState });
  }
}

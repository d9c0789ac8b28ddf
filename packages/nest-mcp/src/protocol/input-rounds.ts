import { Logger } from '@nestjs/common';
import {
  inputRequired,
  ProtocolError,
  type InputRequiredResult,
  type RequestStateCodec,
  type ServerContext,
} from '@modelcontextprotocol/server';
import type { InputRequiredSignal } from './input-required.signal.js';
import type { McpEra } from './mcp-context.js';
import { boundTo } from './request-state-codec.js';
import { stateBinding, type CarriedState, type RoundRequest } from './request-state.js';
import { JsonRpcCode } from '../errors/json-rpc-codes.js';

/** One request's place in a multi-round flow: the answers it brings, and how to ask for more. */
export interface InputRound {
  /** Earlier rounds' answers (from the state) and this round's answers to what the last round asked. */
  answers: Record<string, unknown>;
  /** This round's answers to questions no verified state says were asked (taken only where a question allows it). */
  unasked: Record<string, unknown>;
  /** The `input_required` result asking what is still missing, with the state for the retry. */
  ask(signal: InputRequiredSignal): Promise<InputRequiredResult>;
}

/**
 * Multi-round-trip bookkeeping shared by tools, prompts and resources. The
 * signed `requestState` is bound to the caller, method, target and arguments
 * (see `stateBinding`) and records which input requests were asked: a
 * retried 2026-07-28 request is refused when its state does not verify for
 * it, and its `inputResponses` count only for the questions that state says
 * were asked. Other answers (one without a state, one to a question never
 * asked) are ignored, so the handler asks again: harmless, and a client that
 * sent a stale answer gets a fresh question instead of an error; unless the
 * question takes an answer given before it was asked (`acceptUnasked`).
 */
export class InputRounds {
  private readonly logger = new Logger('McpInputRounds');

  constructor(private readonly codec: RequestStateCodec<CarriedState>) {}

  async open(sdk: ServerContext, era: McpEra, request: RoundRequest): Promise<InputRound> {
    let bound: ServerContext | undefined;
    const boundCtx = () => (bound ??= boundTo(sdk, stateBinding(sdk, request)));
    const carried = era === 'modern' ? await this.verified(sdk, boundCtx) : undefined;
    const responses = era === 'modern' ? (sdk.mcpReq.inputResponses ?? {}) : {};
    const asked = carried?.asked ?? [];
    return {
      answers: { ...carried?.answers, ...answersTo(asked, responses) },
      unasked: Object.fromEntries(Object.entries(responses).filter(([key]) => !asked.includes(key))),
      ask: async (signal) => {
        const state: CarriedState = { answers: signal.answers, asked: Object.keys(signal.requests) };
        const requestState = await this.codec.mint(state, boundCtx());
        return inputRequired({ inputRequests: signal.requests, requestState });
      },
    };
  }

  /** The state this request carries, verified for it; a state that does not verify refuses the request. */
  private async verified(sdk: ServerContext, boundCtx: () => ServerContext): Promise<CarriedState | undefined> {
    // No `requestState.verify` hook on the server: the SDK hands over the wire string, checked here where
    // the request's target and arguments are known.
    const state = sdk.mcpReq.requestState<string>();
    if (state === undefined) return undefined;
    try {
      return await this.codec.verify(state, boundCtx());
    } catch (error) {
      // The SDK's reasons are fixed codes (malformed, mac, expired, bind): nothing from the client.
      const reason = error instanceof Error ? error.message : 'invalid';
      this.logger.warn(`requestState refused on ${sdk.mcpReq.method}: ${reason}`);
      throw new ProtocolError(JsonRpcCode.InvalidParams, 'Invalid or expired requestState', {
        reason: 'invalid_request_state',
      });
    }
  }
}

/** The responses to the questions asked, and no others. */
const answersTo = (asked: string[], responses: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(asked.filter((key) => Object.hasOwn(responses, key)).map((key) => [key, responses[key]]));

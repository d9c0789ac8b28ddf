import { Injectable } from '@nestjs/common';
import type { CreateMessageRequestParams, CreateMessageResult, ElicitResult } from '@modelcontextprotocol/server';
import { Tool, ToolError, type InputAsk, type McpContext } from '../../src/index.js';

/** A form asking for one string field, required. */
const askFor = (message: string, field: string) => ({
  message,
  requestedSchema: {
    type: 'object' as const,
    properties: { [field]: { type: 'string' as const } },
    required: [field],
  },
});

/** The accepted answer's value for `field`, or a tool error naming what happened instead. */
function accepted(answer: ElicitResult, field: string): string {
  const value = answer.content?.[field];
  if (answer.action !== 'accept' || typeof value !== 'string')
    throw new ToolError(`No ${field} given (action=${answer.action})`);
  return value;
}

/** The model question of the multiple-inputs and capability scenarios. */
const GREETING: CreateMessageRequestParams = {
  messages: [{ role: 'user', content: { type: 'text', text: 'Generate a greeting' } }],
  maxTokens: 50,
};

/** The text of a sampling answer (its first text block). */
function sampledText(result: CreateMessageResult): string {
  const blocks = Array.isArray(result.content) ? result.content : [result.content];
  const text = blocks.find((block) => block.type === 'text');
  return text?.type === 'text' ? text.text : '(no text)';
}

/**
 * The 2026-07-28 multi-round-trip scenarios (SEP-2322). Each handler is
 * written as straight-line code: on 2026-07-28 every unanswered `ctx.elicit`,
 * `ctx.sample`, `ctx.listRoots` or `ctx.ask` (several questions in one round)
 * ends the round with an `input_required` result, and the retry runs the
 * handler again with the answers in hand.
 */
@Injectable()
export class InputRequiredTools {
  @Tool({
    name: 'test_input_required_result_elicitation',
    description: 'Asks for a name, then greets',
  })
  async elicitation(_args: unknown, ctx: McpContext): Promise<string> {
    // A name grants nothing, so an answer sent before the question was asked counts (the
    // ignore-extra-params scenario sends one); a confirmation would not take one.
    const answer = await ctx.elicit('user_name', askFor('What is your name?', 'name'), { acceptUnasked: true });
    return `Hello, ${accepted(answer, 'name')}!`;
  }

  @Tool({
    name: 'test_input_required_result_sampling',
    description: 'Asks the client model a question',
  })
  async sampling(_args: unknown, ctx: McpContext): Promise<string> {
    const result = await ctx.sample('capital_question', {
      messages: [
        {
          role: 'user',
          content: { type: 'text', text: 'What is the capital of France?' },
        },
      ],
      maxTokens: 100,
    });
    const content = Array.isArray(result.content) ? result.content[0] : result.content;
    return `Model said: ${content?.type === 'text' ? content.text : '(no text)'}`;
  }

  @Tool({
    name: 'test_input_required_result_request_state',
    description: 'Asks for a confirmation carried in signed requestState',
  })
  async requestState(_args: unknown, ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('confirm', {
      message: 'Please confirm',
      requestedSchema: {
        type: 'object',
        properties: { ok: { type: 'boolean' } },
        required: ['ok'],
      },
    });
    return `state-ok: action=${answer.action}, ok=${String(answer.content?.ok)}`;
  }

  @Tool({
    name: 'test_input_required_result_multi_round',
    description: 'Asks two questions, one per round',
  })
  async multiRound(_args: unknown, ctx: McpContext): Promise<string> {
    const name = accepted(await ctx.elicit('step1', askFor('Step 1: What is your name?', 'name')), 'name');
    const color = accepted(await ctx.elicit('step2', askFor('Step 2: What is your favorite color?', 'color')), 'color');
    return `${name} likes ${color}`;
  }

  @Tool({
    name: 'test_input_required_result_tampered_state',
    description: 'Asks for a confirmation; a forged requestState is refused',
  })
  async tamperedState(_args: unknown, ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('confirm', {
      message: 'Please confirm',
      requestedSchema: {
        type: 'object',
        properties: { ok: { type: 'boolean' } },
        required: ['ok'],
      },
    });
    return `confirmed: ${String(answer.content?.ok)}`;
  }

  @Tool({
    name: 'test_input_required_result_list_roots',
    description: 'Asks the client for its roots, then lists them',
  })
  async listRoots(_args: unknown, ctx: McpContext): Promise<string> {
    const roots = await ctx.listRoots('client_roots');
    return `Client roots: ${roots.map((root) => root.uri).join(', ') || '(none)'}`;
  }

  @Tool({
    name: 'test_input_required_result_multiple_inputs',
    description: 'Asks for a name, a model greeting and the roots, all in one round',
  })
  async multipleInputs(_args: unknown, ctx: McpContext): Promise<string> {
    const { user_name, greeting, client_roots } = await ctx.ask({
      user_name: { kind: 'elicit', params: askFor('What is your name?', 'name') },
      greeting: { kind: 'sample', params: GREETING },
      client_roots: { kind: 'roots' },
    });
    return (
      `${sampledText(greeting)} ${accepted(user_name, 'name')} ` +
      `(roots: ${client_roots.roots.map((root) => root.uri).join(', ') || 'none'})`
    );
  }

  @Tool({
    name: 'test_input_required_result_capabilities',
    description: 'Asks only for what the client declared it can answer (elicitation, sampling)',
  })
  async capabilities(_args: unknown, ctx: McpContext): Promise<string> {
    const declared = ctx.clientCapabilities ?? {};
    const asks: Record<string, InputAsk> = {};
    if (declared.elicitation) asks.user_name = { kind: 'elicit', params: askFor('What is your name?', 'name') };
    if (declared.sampling) asks.greeting = { kind: 'sample', params: GREETING };
    if (Object.keys(asks).length === 0) return 'The client declared neither elicitation nor sampling';
    const answers = await ctx.ask(asks);
    return Object.keys(answers).sort().join(', ') + ' answered';
  }
}

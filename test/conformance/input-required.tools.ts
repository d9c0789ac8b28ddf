import { Injectable } from '@nestjs/common';
import type { ElicitResult } from '@modelcontextprotocol/server';
import { Tool, ToolError, type McpContext } from '../../src/mcp/index.js';

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

/**
 * The 2026-07-28 multi-round-trip scenarios (SEP-2322). Each handler is
 * written as straight-line code: on 2026-07-28 every unanswered `ctx.elicit`
 * or `ctx.sample` ends the round with an `input_required` result, and the
 * retry runs the handler again with the answers in hand.
 */
@Injectable()
export class InputRequiredTools {
  @Tool({
    name: 'test_input_required_result_elicitation',
    description: 'Asks for a name, then greets',
  })
  async elicitation(_args: unknown, ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('user_name', askFor('What is your name?', 'name'));
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
}

import { Injectable } from '@nestjs/common';
import type { CreateMessageResult, ElicitResult } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { Tool, type McpContext } from '../../src/index.js';

/** The text of a sampling answer, whichever shape (one block or several) it came in. */
function sampledText(result: CreateMessageResult): string {
  const blocks: unknown[] = Array.isArray(result.content) ? result.content : [result.content];
  return blocks
    .map((block) =>
      typeof block === 'object' && block !== null && (block as { type?: unknown }).type === 'text'
        ? String((block as { text: unknown }).text)
        : '',
    )
    .join('');
}

const describeAnswer = (answer: ElicitResult): string =>
  `action=${answer.action}, content=${JSON.stringify(answer.content ?? {})}`;

/**
 * Tools that ask the client something: server-to-client requests on a 2025
 * session, `input_required` rounds on 2026-07-28 (the same code either way).
 */
@Injectable()
export class InteractiveTools {
  @Tool({
    name: 'test_sampling',
    description: 'Asks the client model to complete the prompt',
    input: z.object({
      prompt: z.string().describe('The prompt to send to the LLM'),
    }),
  })
  async sampling({ prompt }: { prompt: string }, ctx: McpContext): Promise<string> {
    const result = await ctx.sample('completion', {
      messages: [{ role: 'user', content: { type: 'text', text: prompt } }],
      maxTokens: 100,
    });
    return `LLM response: ${sampledText(result)}`;
  }

  @Tool({
    name: 'test_elicitation',
    description: 'Asks the user for a response',
    input: z.object({
      message: z.string().describe('The message to show the user'),
    }),
  })
  async elicitation({ message }: { message: string }, ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('user_info', {
      message,
      requestedSchema: {
        type: 'object',
        properties: {
          username: { type: 'string', description: "User's response" },
          email: { type: 'string', description: "User's email address" },
        },
        required: ['username', 'email'],
      },
    });
    return `User response: ${describeAnswer(answer)}`;
  }

  @Tool({
    name: 'test_elicitation_sep1034_defaults',
    description: 'Asks for a form whose fields all carry default values (SEP-1034)',
  })
  async elicitationDefaults(_args: unknown, ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('defaults', {
      message: 'Please review and update the form fields with defaults',
      requestedSchema: {
        type: 'object',
        properties: {
          name: {
            type: 'string',
            description: 'User name',
            default: 'John Doe',
          },
          age: { type: 'integer', description: 'User age', default: 30 },
          score: { type: 'number', description: 'User score', default: 95.5 },
          status: {
            type: 'string',
            description: 'User status',
            enum: ['active', 'inactive', 'pending'],
            default: 'active',
          },
          verified: {
            type: 'boolean',
            description: 'Verification status',
            default: true,
          },
        },
        required: [],
      },
    });
    return `Elicitation completed: ${describeAnswer(answer)}`;
  }

  @Tool({
    name: 'test_elicitation_sep1330_enums',
    description: 'Asks for a form with every enum flavour (SEP-1330)',
  })
  async elicitationEnums(_args: unknown, ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('enums', {
      message: 'Please select options from the enum fields',
      requestedSchema: {
        type: 'object',
        properties: {
          untitledSingle: {
            type: 'string',
            description: 'Select one option',
            enum: ['option1', 'option2', 'option3'],
          },
          titledSingle: {
            type: 'string',
            description: 'Select one option with titles',
            oneOf: [
              { const: 'value1', title: 'First Option' },
              { const: 'value2', title: 'Second Option' },
              { const: 'value3', title: 'Third Option' },
            ],
          },
          legacyEnum: {
            type: 'string',
            description: 'Select one option (legacy)',
            enum: ['opt1', 'opt2', 'opt3'],
            enumNames: ['Option One', 'Option Two', 'Option Three'],
          },
          untitledMulti: {
            type: 'array',
            description: 'Select multiple options',
            minItems: 1,
            maxItems: 3,
            items: { type: 'string', enum: ['option1', 'option2', 'option3'] },
          },
          titledMulti: {
            type: 'array',
            description: 'Select multiple options with titles',
            minItems: 1,
            maxItems: 3,
            items: {
              anyOf: [
                { const: 'value1', title: 'First Choice' },
                { const: 'value2', title: 'Second Choice' },
                { const: 'value3', title: 'Third Choice' },
              ],
            },
          },
        },
        required: [],
      },
    });
    return `Elicitation completed: ${describeAnswer(answer)}`;
  }

  /**
   * The 2026-07-28 diagnostic for undeclared client capabilities: it needs
   * sampling, so a client that did not declare sampling must get -32021.
   */
  @Tool({
    name: 'test_missing_capability',
    description: 'Needs the client sampling capability',
  })
  async missingCapability(_args: unknown, ctx: McpContext): Promise<string> {
    const result = await ctx.sample('needs_sampling', {
      messages: [{ role: 'user', content: { type: 'text', text: 'Say anything.' } }],
      maxTokens: 10,
    });
    return `Sampled: ${sampledText(result)}`;
  }

  /** The 2026-07-28 diagnostic: the response stream may carry only the input_required result. */
  @Tool({
    name: 'test_streaming_elicitation',
    description: 'Asks the user a question mid-call',
  })
  async streamingElicitation(_args: unknown, ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('stream_question', {
      message: 'Continue?',
      requestedSchema: {
        type: 'object',
        properties: { proceed: { type: 'boolean' } },
        required: ['proceed'],
      },
    });
    return `Answered: ${describeAnswer(answer)}`;
  }
}

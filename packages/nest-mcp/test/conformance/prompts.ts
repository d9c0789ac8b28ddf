import { Injectable } from '@nestjs/common';
import type { PromptMessage } from '@modelcontextprotocol/server';
import { z } from 'zod';
import { Prompt, type McpContext } from '../../src/index.js';
import { PNG_BASE64 } from './media.js';

/** The prompts the prompt and completion scenarios get. */
@Injectable()
export class ConformancePrompts {
  @Prompt({
    name: 'test_simple_prompt',
    title: 'Simple Test Prompt',
    description: 'A prompt without arguments',
  })
  simple(): string {
    return 'This is a simple prompt for testing.';
  }

  @Prompt({
    name: 'test_prompt_with_arguments',
    title: 'Prompt With Arguments',
    description: 'A prompt with two required arguments',
    args: z.object({
      arg1: z.string().describe('First test argument'),
      arg2: z.string().describe('Second test argument'),
    }),
    complete: { arg1: 'completeArg', arg2: 'completeArg' },
  })
  withArguments({ arg1, arg2 }: { arg1: string; arg2: string }): string {
    return `Prompt with arguments: arg1='${arg1}', arg2='${arg2}'`;
  }

  completeArg(prefix: string): string[] {
    return ['test', 'testValue', 'paris', 'park'].filter((value) => value.startsWith(prefix));
  }

  @Prompt({
    name: 'test_prompt_with_embedded_resource',
    title: 'Prompt With Embedded Resource',
    description: 'A prompt that embeds the resource it is given',
    args: z.object({
      resourceUri: z.string().describe('URI of the resource to embed'),
    }),
  })
  withEmbeddedResource({ resourceUri }: { resourceUri: string }): PromptMessage[] {
    return [
      {
        role: 'user',
        content: {
          type: 'resource',
          resource: {
            uri: resourceUri,
            mimeType: 'text/plain',
            text: 'Embedded resource content for testing.',
          },
        },
      },
      {
        role: 'user',
        content: {
          type: 'text',
          text: 'Please process the embedded resource above.',
        },
      },
    ];
  }

  @Prompt({
    name: 'test_prompt_with_image',
    title: 'Prompt With Image',
    description: 'A prompt that includes an image',
  })
  withImage(): PromptMessage[] {
    return [
      {
        role: 'user',
        content: { type: 'image', data: PNG_BASE64, mimeType: 'image/png' },
      },
      {
        role: 'user',
        content: { type: 'text', text: 'Please analyze the image above.' },
      },
    ];
  }

  /** SEP-2322 on a non-tool request: the prompt asks the user for context first. */
  @Prompt({
    name: 'test_input_required_result_prompt',
    title: 'Prompt Needing Input',
    description: 'Asks the user what context to use, then builds the prompt',
  })
  async needingInput(_args: unknown, ctx: McpContext): Promise<string> {
    const answer = await ctx.elicit('user_context', {
      message: 'What context should the prompt use?',
      requestedSchema: {
        type: 'object',
        properties: { context: { type: 'string' } },
        required: ['context'],
      },
    });
    const context = answer.content?.context;
    return `Use this context: ${typeof context === 'string' ? context : '(none)'}`;
  }
}

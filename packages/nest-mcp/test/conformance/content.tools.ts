import { setTimeout as sleep } from 'node:timers/promises';
import { Injectable } from '@nestjs/common';
import type { CallToolResult } from '@modelcontextprotocol/server';
import { Tool, ToolError, type McpContext } from '../../src/index.js';
import { PNG_BASE64, WAV_BASE64 } from './media.js';

/**
 * Tools whose results exercise the content types and the in-call
 * notifications (logging, progress) and the error path.
 */
@Injectable()
export class ContentTools {
  @Tool({
    name: 'test_simple_text',
    description: 'Returns one text block',
  })
  simpleText(): string {
    return 'This is a simple text response for testing.';
  }

  @Tool({
    name: 'test_image_content',
    description: 'Returns one PNG image block',
  })
  image(): CallToolResult {
    return {
      content: [{ type: 'image', data: PNG_BASE64, mimeType: 'image/png' }],
    };
  }

  @Tool({
    name: 'test_audio_content',
    description: 'Returns one WAV audio block',
  })
  audio(): CallToolResult {
    return {
      content: [{ type: 'audio', data: WAV_BASE64, mimeType: 'audio/wav' }],
    };
  }

  @Tool({
    name: 'test_embedded_resource',
    description: 'Returns one embedded text resource',
  })
  embeddedResource(): CallToolResult {
    return {
      content: [
        {
          type: 'resource',
          resource: {
            uri: 'test://embedded-resource',
            mimeType: 'text/plain',
            text: 'This is an embedded resource content.',
          },
        },
      ],
    };
  }

  @Tool({
    name: 'test_multiple_content_types',
    description: 'Returns text, an image and an embedded resource together',
  })
  mixed(): CallToolResult {
    return {
      content: [
        { type: 'text', text: 'Multiple content types test:' },
        { type: 'image', data: PNG_BASE64, mimeType: 'image/png' },
        {
          type: 'resource',
          resource: {
            uri: 'test://mixed-content-resource',
            mimeType: 'application/json',
            text: JSON.stringify({ test: 'data', value: 123 }),
          },
        },
      ],
    };
  }

  @Tool({
    name: 'test_tool_with_logging',
    description: 'Sends three info log messages while it runs',
  })
  async withLogging(_args: unknown, ctx: McpContext): Promise<string> {
    await ctx.log('info', 'Tool execution started');
    await sleep(50);
    await ctx.log('info', 'Tool processing data');
    await sleep(50);
    await ctx.log('info', 'Tool execution completed');
    return 'Tool with logging executed successfully';
  }

  /** The 2026-07-28 diagnostic: logs without being asked to, so the server must drop them. */
  @Tool({
    name: 'test_logging_tool',
    description: 'Logs at info level; nothing may reach a client that set no log level',
  })
  async loggingTool(_args: unknown, ctx: McpContext): Promise<string> {
    await ctx.log('info', 'test_logging_tool ran');
    await ctx.log('error', 'test_logging_tool error-level line');
    return 'logged';
  }

  @Tool({
    name: 'test_tool_with_progress',
    description: 'Reports progress 0, 50 and 100 of 100',
  })
  async withProgress(_args: unknown, ctx: McpContext): Promise<string> {
    for (const step of [0, 50, 100]) {
      if (step > 0) await sleep(50, undefined, { signal: ctx.signal });
      await ctx.reportProgress(step, 100, `Completed step ${step} of 100`);
    }
    return 'Progress reported: 0, 50, 100 of 100';
  }

  @Tool({
    name: 'test_error_handling',
    description: 'Always fails, as a tool error result',
  })
  fail(): never {
    throw new ToolError('This tool intentionally returns an error for testing');
  }
}

import type { CallToolResult } from '@modelcontextprotocol/server';

const isCallToolResult = (value: unknown): value is CallToolResult =>
  typeof value === 'object' && value !== null && Array.isArray((value as CallToolResult).content);

export const textResult = (text: string, isError = false): CallToolResult =>
  isError ? { content: [{ type: 'text', text }], isError } : { content: [{ type: 'text', text }] };

/**
 * A handler's return value as a `CallToolResult`: a full result passes
 * through, a string becomes text, an object becomes `structuredContent`
 * (when the tool declares an output schema) plus its JSON as text.
 */
export function toCallToolResult(value: unknown, hasOutputSchema: boolean): CallToolResult {
  if (isCallToolResult(value)) return value;
  if (value === undefined || value === null) return { content: [] };
  if (typeof value === 'string') return textResult(value);
  const text = JSON.stringify(value);
  if (hasOutputSchema && typeof value === 'object' && !Array.isArray(value)) {
    return {
      content: [{ type: 'text', text }],
      structuredContent: value as Record<string, unknown>,
    };
  }
  return textResult(text);
}

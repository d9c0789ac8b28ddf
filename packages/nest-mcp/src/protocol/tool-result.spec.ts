import type { CallToolResult } from '@modelcontextprotocol/server';
import { describe, expect, it } from 'vitest';
import { textResult, toCallToolResult } from './tool-result.js';

describe('textResult', () => {
  it('wraps text in one text block, without an isError key by default', () => {
    const result = textResult('hello');
    expect(result).toEqual({ content: [{ type: 'text', text: 'hello' }] });
    expect(result).not.toHaveProperty('isError');
  });

  it('marks an error result', () => {
    expect(textResult('boom', true)).toEqual({
      content: [{ type: 'text', text: 'boom' }],
      isError: true,
    });
  });
});

describe('toCallToolResult', () => {
  it('passes a full CallToolResult through untouched', () => {
    const full: CallToolResult = {
      content: [{ type: 'text', text: 'done' }],
      structuredContent: { n: 1 },
      isError: false,
    };
    expect(toCallToolResult(full, true)).toBe(full);
    expect(toCallToolResult(full, false)).toBe(full);
  });

  it.each([undefined, null])('gives empty content for %s', (value) => {
    expect(toCallToolResult(value, false)).toEqual({ content: [] });
    expect(toCallToolResult(value, true)).toEqual({ content: [] });
  });

  it('turns a string into one text block, as is', () => {
    expect(toCallToolResult('{"a":1}', true)).toEqual({
      content: [{ type: 'text', text: '{"a":1}' }],
    });
  });

  it('gives an object as structured content plus its JSON as text when there is an output schema', () => {
    const value = { total: 2, names: ['a', 'b'] };
    const result = toCallToolResult(value, true);
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"total":2,"names":["a","b"]}' }],
      structuredContent: value,
    });
    expect(result).not.toHaveProperty('isError');
  });

  it('gives an object as JSON text only when there is no output schema', () => {
    const result = toCallToolResult({ total: 2 }, false);
    expect(result).toEqual({
      content: [{ type: 'text', text: '{"total":2}' }],
    });
    expect(result).not.toHaveProperty('structuredContent');
  });

  it('never makes an array structured content', () => {
    const result = toCallToolResult(['a', 'b'], true);
    expect(result).toEqual({ content: [{ type: 'text', text: '["a","b"]' }] });
    expect(result).not.toHaveProperty('structuredContent');
  });

  it.each([
    [42, '42'],
    [0, '0'],
    [false, 'false'],
  ])('gives the primitive %j as its JSON text', (value, text) => {
    expect(toCallToolResult(value, true)).toEqual({
      content: [{ type: 'text', text }],
    });
  });

  it('does not mistake an object whose content is not an array for a full result', () => {
    const value = { content: 'plain' };
    expect(toCallToolResult(value, true)).toEqual({
      content: [{ type: 'text', text: '{"content":"plain"}' }],
      structuredContent: value,
    });
  });
});

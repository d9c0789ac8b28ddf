import { describe, expect, it } from 'vitest';
import { clip, clipStrings, hasLongStrings } from './clip.js';

describe('clip', () => {
  it('leaves short text alone and keeps both ends of long text, marked as cut', () => {
    expect(clip('search_notes')).toBe('search_notes');
    const long = `head${'x'.repeat(1_000_000)}tail`;
    const clipped = clip(long, 20);
    expect(clipped).toBe(`head${'x'.repeat(6)}…${'x'.repeat(6)}tail`);
  });

  it('clips every string of a JSON value, and says whether there was any to clip', () => {
    const data = { mismatch: { header: '(missing)', body: 'y'.repeat(5_000) }, codes: [1, 'z'.repeat(5_000)] };
    expect(hasLongStrings(data, 100)).toBe(true);
    const clipped = clipStrings(data, 100) as typeof data;
    expect(clipped.mismatch.header).toBe('(missing)');
    expect(clipped.mismatch.body).toHaveLength(101);
    expect(clipped.codes[0]).toBe(1);
    expect(hasLongStrings(clipped, 101)).toBe(false);
  });
});

import { INVALID_SPAN_CONTEXT, TraceFlags } from '@opentelemetry/api';
import { describe, expect, it } from 'vitest';
import { exemplarOf } from './exemplar.js';

const span = { traceId: 'a'.repeat(32), spanId: 'b'.repeat(16), traceFlags: TraceFlags.SAMPLED };

describe('exemplarOf', () => {
  it("names a sampled span's trace and span", () => {
    expect(exemplarOf(span)).toEqual({ trace_id: span.traceId, span_id: span.spanId });
  });

  it('gives none without a span, for an invalid one, or for one not sampled (never exported)', () => {
    expect(exemplarOf(undefined)).toBeUndefined();
    expect(exemplarOf(INVALID_SPAN_CONTEXT)).toBeUndefined();
    expect(exemplarOf({ ...span, traceFlags: TraceFlags.NONE })).toBeUndefined();
  });
});

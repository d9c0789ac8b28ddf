import { z } from 'zod';

/*
 * zod's reference-cycle tracking, off for schemas built from here on.
 *
 * Since 4.5, zod lets a recursive schema parse input that contains reference
 * cycles: every parse through a recursive schema keeps a WeakMap per container
 * it visits, keyed by the input objects. Every message the SDK validates is
 * recursive (JSON values), several times per request, and every one comes
 * from `JSON.parse`, which cannot make a cycle. The tracking cost 12% of the
 * 2025-era throughput here (`bench/`): WeakMaps per request, whose entries
 * V8's young-generation collector keeps alive (promoted, then collected by
 * the major GC). Without it, zod parses as it did before 4.5; a cyclic value
 * given to a recursive schema (only code of the app's own can make one) ends
 * in a RangeError instead of a result.
 *
 * zod reads this when a schema is built, and the SDK builds its protocol
 * schemas when it is first imported: this module must be imported before the
 * SDK (first in `main.ts`, and by the module's entry point). An app that
 * parses cyclic data with recursive schemas of its own turns tracking back on
 * for them: `z.config({ memoizer: z.memoizer() })` before building them.
 */
const untracked: z.core.$ZodMemoizer = {
  attach: () => undefined,
  guard: () => undefined,
  alloc: (_schema, _payload, empty) => empty,
};

// An app that chose a memoizer of its own before importing this keeps it.
const current = z.config().memoizer;
if (current === undefined || current === z.memoizer()) z.config({ memoizer: untracked });

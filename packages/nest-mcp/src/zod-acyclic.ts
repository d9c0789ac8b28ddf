import { z } from 'zod';

/*
 * `import 'nest-mcp/zod-acyclic'`: zod's reference-cycle tracking, off for
 * the schemas built from here on, process-wide. Nothing else in the package
 * imports this: an app opts in, first thing in its `main.ts`.
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
 * SDK (before `nest-mcp` itself and the app's modules). An app that parses
 * cyclic data with recursive schemas of its own turns tracking back on for
 * them: `z.config({ memoizer: z.memoizer() })` before building them.
 */
class UntrackedMemoizer implements z.core.$ZodMemoizer {
  attach(): void {}
  guard(): void {}
  alloc<T extends object>(_schema: z.core.$ZodType, _payload: z.core.ParsePayload, empty: T): T {
    return empty;
  }
}

// An app that chose a memoizer of its own before importing this keeps it.
const current = z.config().memoizer;
if (current === undefined || current === z.memoizer()) z.config({ memoizer: new UntrackedMemoizer() });
